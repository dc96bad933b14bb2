// Sends picked files straight from the browser to POST /api/datasets (the same endpoint scripts use), so a 1 GB file
// streams over HTTP instead of the Blazor circuit. Progress and the response go back to .NET via a DotNetObjectReference.
const picked = new WeakMap();

export function attach(zone) {
    const files = [];
    picked.set(zone, files);
    // Capture phase: see the input's files before MudFileUpload handles (and possibly resets) them.
    zone.addEventListener('change', event => {
        const input = event.target;
        if (input instanceof HTMLInputElement && input.type === 'file' && input.files) {
            for (const file of input.files) {
                files.push(file);
            }
            // Once Blazor has read the selection, clear it so that picking the same file again fires "change" again.
            setTimeout(() => { input.value = ''; }, 0);
        }
    }, true);
}

function take(zone, name, size) {
    const files = picked.get(zone) ?? [];
    const index = files.findIndex(f => f.name === name && f.size === size);
    return index < 0 ? null : files.splice(index, 1)[0];
}

export function forget(zone, name, size) {
    take(zone, name, size);
}

export function upload(zone, key, name, size, fields, headerName, token, dotnet) {
    const file = take(zone, name, size);
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
