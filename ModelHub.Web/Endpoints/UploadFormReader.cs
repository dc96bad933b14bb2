using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModelHub.Core.Common;
using ModelHub.Core.Datasets;

namespace ModelHub.Web.Endpoints;

/// <summary>
/// Reads a dataset upload's multipart parts in whatever order the client sends them: keeps the known text fields
/// (name, purpose, description; at most 64 KB of fields in all, checked as each arrives), hands over the one file part
/// as a stream, and refuses everything else with a message naming the part.
/// </summary>
internal sealed class UploadFormReader(MultipartReader reader)
{
    /// <summary>The most bytes of text fields, known or not, one upload may carry besides its file.</summary>
    public const int MaxFieldBytes = 64 * 1024;

    /// <summary>Three fields and a file, with room for a client that adds a few of its own.</summary>
    public const int MaxParts = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] KnownFields = ["name", "purpose", "description"];

    private readonly Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);
    private int parts;
    private int fieldBytes;
    private string? fileName;

    /// <summary>The file part's bytes, or why the request is refused.</summary>
    public sealed record Part(Stream? File, Error? Refusal);

    /// <summary>Reads text fields until the file part (returned as a stream to read whole before the next call), a refusal, or the end (null).</summary>
    public async Task<Part?> NextAsync(CancellationToken ct)
    {
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (++parts > MaxParts)
            {
                return Refuse($"The form has more than {MaxParts} parts; send name, purpose, description and file.", "form");
            }

            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse("Every part needs a 'Content-Disposition: form-data; name=…' header.", "form");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (disposition.IsFileDisposition())
            {
                if (!name.Equals("file", StringComparison.OrdinalIgnoreCase))
                {
                    return Refuse($"Unexpected file part '{Shown(name)}': send the dataset as the part named 'file'.", "file");
                }

                if (fileName is not null)
                {
                    return Refuse("Send one file per upload.", "file");
                }

                fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload.jsonl";
                return new Part(section.Body, null);
            }

            var bytes = await ReadFieldAsync(section.Body, ct);
            if (bytes is null)
            {
                return Refuse($"The form fields take more than {MaxFieldBytes / 1024} KB; send only name, purpose and description with the file.", "form");
            }

            string value;
            try
            {
                value = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return Refuse($"The field '{Shown(name)}' is not UTF-8 text.", "form");
            }

            // Fields other than the known ones are read (within the budget) and dropped.
            if (!KnownFields.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!fields.TryAdd(name, value))
            {
                return Refuse($"The field '{name.ToLowerInvariant()}' was sent more than once.", name.ToLowerInvariant());
            }

            // Checked on arrival, so a bad name sent before the file is refused before the file is read.
            if (Check(name.ToLowerInvariant(), value) is { } invalid)
            {
                return new Part(null, invalid);
            }
        }

        return null;
    }

    /// <summary>The upload request from the fields, once the whole body was read; names the first missing or invalid field.</summary>
    public Result<UploadDatasetRequest> ToRequest(string userId)
    {
        if (!fields.TryGetValue("name", out var name))
        {
            return Error.Validation("Send the 'name' field: the dataset name.", "name");
        }

        if (!fields.TryGetValue("purpose", out var purposeText) || ParsePurpose(purposeText) is not { } purpose)
        {
            return Error.Validation("Send 'purpose' as 'training' or 'validation'.", "purpose");
        }

        var request = new UploadDatasetRequest(name, fields.GetValueOrDefault("description"), purpose, fileName ?? "upload.jsonl", userId);
        return UploadDataset.Check(request) is { } invalid ? invalid : request;
    }

    private static Error? Check(string field, string value) => field switch
    {
        "name" => UploadDataset.CheckName(value),
        "description" => UploadDataset.CheckDescription(value),
        _ => ParsePurpose(value) is null ? Error.Validation("Send 'purpose' as 'training' or 'validation'.", "purpose") : null,
    };

    private static DatasetPurpose? ParsePurpose(string text) => text.Trim().ToLowerInvariant() switch
    {
        "training" => DatasetPurpose.Training,
        "validation" => DatasetPurpose.Validation,
        _ => null,
    };

    // Null when the field would take the form past its budget; the rest of it is never read.
    private async Task<byte[]?> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(MaxFieldBytes - fieldBytes + 1, 4096)];
        using var bytes = new MemoryStream();
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            fieldBytes += read;
            if (fieldBytes > MaxFieldBytes)
            {
                return null;
            }

            bytes.Write(buffer, 0, read);
        }

        return bytes.ToArray();
    }

    private static Part Refuse(string message, string field) => new(null, Error.Validation(message, field));

    private static string Shown(string name) => new([.. name.Where(c => !char.IsControl(c)).Take(40)]);
}
