// Sends picked files straight from the browser to POST /api/datasets (the same endpoint scripts use), so a 1 GB file
// streams over HTTP instead of the Blazor circuit. Progress and the response go back to .NET via a DotNetObjectReference.
// Files the user picked, kept as DOM File objects (Blazor only hands .NET metadata about them).
let picked = [];
let listening = false;

export function attach() {
    picked = [];
    if (listening) {
        return;
    }

    listening = true;
    // Capture phase on the document: see the input's files before MudFileUpload handles them, and survive re-renders
    // that replace the drop zone's elements.
    document.addEventListener('change', event => {
        const input = event.target;
        if (input instanceof HTMLInputElement && input.type === 'file' && input.files && input.closest('.mh-upload-zone')) {
            for (const file of input.files) {
                picked.push(file);
            }
            // Once Blazor has read the selection, clear it so that picking the same file again fires "change" again.
            setTimeout(() => { input.value = ''; }, 0);
        }
    }, true);
}

function take(name, size) {
    const index = picked.findIndex(f => f.name === name && f.size === size);
    return index < 0 ? null : picked.splice(index, 1)[0];
}

export function forget(name, size) {
    take(name, size);
}

export function upload(key, name, size, fields, headerName, token, dotnet) {
    const file = take(name, size);
    if (!file) {
        return false;
    }

    const form = new FormData();
    // Text fields first: the server reads them before it streams the file.
    for (const [field, value] of Object.entries(fields)) {
        if (value !== null && value !== undefined) {
            form.append(field, value);
        }
    }
    form.append('file', file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/datasets');
    xhr.setRequestHeader(headerName, token);
    xhr.setRequestHeader('Accept', 'application/json');
    let last = 0;
    xhr.upload.onprogress = event => {
        const now = performance.now();
        if (event.lengthComputable && (now - last > 200 || event.loaded === event.total)) {
            last = now;
            dotnet.invokeMethodAsync('OnUploadProgress', key, event.loaded, event.total);
        }
    };
    xhr.onload = () => dotnet.invokeMethodAsync('OnUploadFinished', key, xhr.status, xhr.responseText);
    xhr.onerror = () => dotnet.invokeMethodAsync('OnUploadFinished', key, 0, '');
    xhr.onabort = () => dotnet.invokeMethodAsync('OnUploadFinished', key, 0, '');
    xhr.send(form);
    return true;
}
