using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Datasets.Samples;

namespace ModelHub.Web.Endpoints;

/// <summary>The generated sample datasets, for trying ModelHub without data of one's own: <c>/api/samples</c>.</summary>
internal static class SampleEndpoints
{
    public sealed record SampleInfo(string FileName, string Description, long Bytes, string Url);

    public static void MapSampleEndpoints(this IEndpointRouteBuilder app)
    {
        var samples = app.MapGroup("/api/samples").WithTags("Samples");
        samples.MapGet("/", () => TypedResults.Ok(SampleDatasets.All.Select(Describe).ToList()))
            .WithSummary("Lists the sample chat datasets (clean, shuffled labels, format mistakes).");
        samples.MapGet("/{fileName}", Results<FileContentHttpResult, NotFound> (string fileName) =>
                SampleDatasets.All.FirstOrDefault(s => s.FileName == fileName) is { } sample
                    ? TypedResults.File(Encoding.UTF8.GetBytes(sample.Content), "application/jsonl", sample.FileName)
                    : TypedResults.NotFound())
            .WithSummary("Downloads one sample dataset as JSONL.");
    }

    public static SampleInfo Describe(SampleDataset sample) =>
        new(sample.FileName, sample.Description, Encoding.UTF8.GetByteCount(sample.Content), $"/api/samples/{sample.FileName}");
}
