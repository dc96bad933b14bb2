using Microsoft.AspNetCore.Http.Features;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary><c>/files</c>: upload (multipart), list, retrieve, delete, download content.</summary>
internal static class SimulatorFileEndpoints
{
    public static void MapSimulatorFiles(this RouteGroupBuilder group, long maxUploadBytes)
    {
        group.MapPost("/files", (HttpRequest request, SimulatorEngine engine, CancellationToken ct) => UploadAsync(request, engine, maxUploadBytes, ct))
            .WithMetadata(new SimulatorBodyLimit(maxUploadBytes + SimulatorBodyLimit.EnvelopeBytes));
        group.MapGet("/files", (string? purpose, SimulatorEngine engine) =>
        {
            var files = engine.ListFiles(purpose);
            return Results.Json(SimulatorWire.List(files, false, SimulatorWire.File, f => f.Id), SimulatorWire.Json);
        });
        group.MapGet("/files/{id}", (string id, SimulatorEngine engine) =>
            engine.GetFile(id) is { Succeeded: true } file ? Results.Json(SimulatorWire.File(file.Value), SimulatorWire.Json) : OpenAIErrors.From(engine.GetFile(id).Error!));
        group.MapDelete("/files/{id}", (string id, SimulatorEngine engine) =>
        {
            var deleted = engine.DeleteFile(id);
            return deleted.Succeeded
                ? Results.Json(new { id, @object = "file", deleted = true }, SimulatorWire.Json)
                : OpenAIErrors.From(deleted.Error!);
        });
        group.MapGet("/files/{id}/content", (string id, SimulatorEngine engine) =>
        {
            var content = engine.GetFileContent(id);
            return content.Succeeded ? Results.Bytes(content.Value, "application/octet-stream") : OpenAIErrors.From(content.Error!);
        });
    }

    // The form is read by hand rather than bound, so the endpoint carries no antiforgery requirement: API clients send none.
    private static async Task<IResult> UploadAsync(HttpRequest request, SimulatorEngine engine, long maxUploadBytes, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return OpenAIErrors.Invalid("Uploads must be multipart/form-data with a 'file' and a 'purpose'.", "file");
        }

        // The body limit (set by SimulatorBodyLimitFilter) bounds the whole form; the framework's 128 MB part default must not.
        var limit = maxUploadBytes + SimulatorBodyLimit.EnvelopeBytes;
        var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit }, cancellationToken);
        var file = form.Files.GetFile("file");
        var purpose = form["purpose"].ToString();
        if (file is null)
        {
            return OpenAIErrors.Invalid("Missing required parameter: 'file'.", "file", "missing_required_parameter");
        }

        if (string.IsNullOrWhiteSpace(purpose))
        {
            return OpenAIErrors.Invalid("Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter");
        }

        if (file.Length > maxUploadBytes)
        {
            return OpenAIErrors.TooLarge(maxUploadBytes);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        var stored = engine.UploadFile(file.FileName, purpose, buffer.ToArray());
        return stored.Succeeded ? Results.Json(SimulatorWire.File(stored.Value), SimulatorWire.Json) : OpenAIErrors.From(stored.Error!);
    }
}
