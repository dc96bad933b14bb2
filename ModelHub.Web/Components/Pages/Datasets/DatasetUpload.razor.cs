using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using ModelHub.Core.Datasets;
using ModelHub.Core.Common;

namespace ModelHub.Web.Components.Pages.Datasets;

/// <summary>
/// Picks .jsonl files with MudFileUpload, then lets the browser post each one to <c>POST /api/datasets</c> (streamed
/// over HTTP, validated on the server in the same pass) and shows progress and the outcome per file.
/// </summary>
public partial class DatasetUpload(IJSRuntime js, AntiforgeryStateProvider antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions) : ComponentBase, IAsyncDisposable
{
    private const int MaxFiles = 20;
    private const string ModulePath = "./Components/Pages/Datasets/DatasetUpload.razor.js";

    private readonly List<UploadItem> items = [];
    private IJSObjectReference? module;
    private DotNetObjectReference<DatasetUpload>? self;
    private int nextKey;
    private bool dragging;
    private bool busy;

    [Inject] private UploadDataset Upload { get; set; } = default!;

    [Inject] private DatasetCatalog Catalog { get; set; } = default!;

    private int ReadyCount => items.Count(i => i.Phase == UploadPhase.Ready);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await module.InvokeVoidAsync("attach");
            self = DotNetObjectReference.Create(this);
            StateHasChanged();
        }
    }

    private void OnFilesPicked(InputFileChangeEventArgs e)
    {
        dragging = false;
        foreach (var file in e.GetMultipleFiles(MaxFiles))
        {
            var item = new UploadItem
            {
                Key = nextKey++,
                FileName = file.Name,
                Size = file.Size,
                Name = Path.GetFileNameWithoutExtension(file.Name),
                Purpose = file.Name.Contains("valid", StringComparison.OrdinalIgnoreCase) ? DatasetPurpose.Validation : DatasetPurpose.Training,
            };
            if (!file.Name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                Reject(item, "Only .jsonl files (one JSON chat example per line) can be uploaded.");
            }
            else if (file.Size > Upload.MaxUploadBytes)
            {
                Reject(item, TooLargeMessage());
            }

            items.Add(item);
        }
    }

    private async Task UploadAllAsync()
    {
        if (module is null || self is null)
        {
            return;
        }

        busy = true;
        var token = antiforgery.GetAntiforgeryToken()?.Value ?? "";
        var header = antiforgeryOptions.Value.HeaderName ?? "RequestVerificationToken";
        foreach (var item in items.Where(i => i.Phase == UploadPhase.Ready).ToList())
        {
            if (string.IsNullOrWhiteSpace(item.Name))
            {
                item.Name = Path.GetFileNameWithoutExtension(item.FileName);
            }

            item.Phase = UploadPhase.Uploading;
            var fields = new Dictionary<string, string?>
            {
                ["name"] = item.Name,
                ["purpose"] = item.Purpose == DatasetPurpose.Validation ? "validation" : "training",
                ["description"] = item.Description,
            };
            var started = await module.InvokeAsync<bool>("upload", item.Key, item.FileName, item.Size, fields, header, token, self);
            if (!started)
            {
                Reject(item, "The browser no longer has this file; pick it again.");
            }
        }

        busy = false;
    }

    /// <summary>Called by the browser while the file's bytes go out.</summary>
    [JSInvokable]
    public Task OnUploadProgress(int key, long loaded, long total) => InvokeAsync(() =>
    {
        if (items.FirstOrDefault(i => i.Key == key) is { IsBusy: true } item)
        {
            item.Percent = total > 0 ? 100.0 * loaded / total : 0;
            item.Phase = loaded >= total ? UploadPhase.Validating : UploadPhase.Uploading;
            StateHasChanged();
        }
    });

    /// <summary>Called by the browser with the API's answer (status 0: the connection failed).</summary>
    [JSInvokable]
    public Task OnUploadFinished(int key, int status, string body) => InvokeAsync(async () =>
    {
        if (items.FirstOrDefault(i => i.Key == key) is not { } item)
        {
            return;
        }

        item.Percent = 100;
        try
        {
            await ApplyAsync(item, status, body);
        }
        catch (JsonException)
        {
            Reject(item, $"The server answered HTTP {status} with something unexpected; try again.");
        }

        StateHasChanged();
    });

    private async Task ApplyAsync(UploadItem item, int status, string body)
    {
        switch (status)
        {
            case 201 or 200:
                using (var created = JsonDocument.Parse(body))
                {
                    item.Dataset = await Catalog.GetAsync(created.RootElement.GetProperty("id").GetInt32());
                }

                item.Phase = status == 201 ? UploadPhase.Stored : UploadPhase.AlreadyStored;
                if (item.Dataset is null)
                {
                    Reject(item, "The dataset was stored but could not be read back; open the Datasets list.");
                }

                break;
            case 422:
                using (var problem = JsonDocument.Parse(body))
                {
                    item.Report = problem.RootElement.GetProperty("report").Deserialize<DatasetReport>(JsonSerializerOptions.Web);
                }

                item.Phase = UploadPhase.HasErrors;
                break;
            case 413:
                Reject(item, Detail(body) ?? TooLargeMessage());
                break;
            case 0:
                Reject(item, "The connection broke off during the upload; nothing was stored. Check the network and try again.");
                break;
            default:
                Reject(item, Detail(body) ?? $"The upload failed (HTTP {status}); nothing was stored.");
                break;
        }
    }

    private async Task RemoveAsync(UploadItem item)
    {
        items.Remove(item);
        if (module is not null && item.Phase == UploadPhase.Ready)
        {
            await module.InvokeVoidAsync("forget", item.FileName, item.Size);
        }
    }

    private string TooLargeMessage() =>
        $"The file is larger than the upload limit of {ByteSize.Format(Upload.MaxUploadBytes)}; nothing was stored.";

    private static void Reject(UploadItem item, string message)
    {
        item.Phase = UploadPhase.Rejected;
        item.Message = message;
    }

    private static string? Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        self?.Dispose();
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        GC.SuppressFinalize(this);
    }
}
