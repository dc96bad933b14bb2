using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Integration;

/// <summary>
/// <c>POST /api/datasets</c> as clients really send it: fields in any order, files cut off mid-way, forms stuffed with
/// extra or oversized fields. Every refusal is a 4xx naming the field, and nothing is stored or left in <c>incoming/</c>.
/// </summary>
public sealed class UploadFormTests : IAsyncLifetime
{
    private const string Boundary = "modelhub-test-boundary";

    private readonly ModelHubFactory app = new();
    private HttpClient api = null!;

    public async Task InitializeAsync()
    {
        var engineer = await app.CreateUserAsync("engineer@example.com", "correct-horse-battery-7", Roles.Engineer);
        api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(engineer.Id));
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task The_file_may_come_before_the_name_and_gives_the_same_dataset_as_name_first()
    {
        await using var other = new ModelHubFactory();
        var engineer = await other.CreateUserAsync("engineer@example.com", "correct-horse-battery-7", Roles.Engineer);
        using var otherApi = other.CreateClient();
        otherApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await other.IssueTokenAsync(engineer.Id));
        var content = SampleDatasets.CleanTrain();
        (string, string)[] fields = [("name", "Reviews"), ("purpose", "training"), ("description", "Labelled reviews")];

        using var fileFirst = await api.PostAsync("/api/datasets", Raw(Multipart(FilePart(content), Fields(fields))));
        using var nameFirst = await otherApi.PostAsync("/api/datasets", Raw(Multipart(Fields(fields), FilePart(content))));

        Assert.True(fileFirst.StatusCode == HttpStatusCode.Created, await fileFirst.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, nameFirst.StatusCode);
        var a = WithoutTimes(await fileFirst.Content.ReadAsStringAsync());
        var b = WithoutTimes(await nameFirst.Content.ReadAsStringAsync());
        Assert.Equal("Reviews", (string?)a["name"]);
        Assert.Equal("Labelled reviews", (string?)a["description"]);
        Assert.Equal(b.ToJsonString(), a.ToJsonString());
        Assert.Empty(IncomingFiles(app));
    }

    [Fact]
    public async Task A_file_first_upload_without_a_name_gets_400_and_leaves_no_temp_file()
    {
        using var response = await api.PostAsync("/api/datasets", Raw(Multipart(FilePart(SampleDatasets.CleanTrain()), Fields(("purpose", "training")))));

        await AssertRefusedAsync(response, "name", "name");
    }

    [Fact]
    public async Task A_truncated_upload_gets_400_and_stores_nothing()
    {
        var content = SampleDatasets.CleanTrain();
        var cut = Multipart(Fields(("name", "Cut"), ("purpose", "training")), FilePart(content[..(content.Length / 2)]));
        // The body stops inside the file: no closing boundary, as when a client dies mid-upload.
        cut = cut[..cut.LastIndexOf($"--{Boundary}--", StringComparison.Ordinal)];

        using var response = await api.PostAsync("/api/datasets", Raw(cut));

        await AssertRefusedAsync(response, "file", "ended before");
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task A_body_cut_inside_a_text_field_gets_400()
    {
        var cut = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nHalf a na";

        using var response = await api.PostAsync("/api/datasets", Raw(cut));

        await AssertRefusedAsync(response, "file", "ended before");
    }

    [Fact]
    public async Task Unknown_fields_are_dropped_but_more_than_64_KB_of_fields_is_refused()
    {
        var extra = Fields(("name", "With extras"), ("purpose", "validation"), ("utm_source", "cli"), ("tags", "a,b"));
        using var accepted = await api.PostAsync("/api/datasets", Raw(Multipart(extra, FilePart(SampleDatasets.CleanValidation()))));
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
        Assert.DoesNotContain("utm_source", await accepted.Content.ReadAsStringAsync());

        var stuffed = Fields(("name", "Stuffed"), ("purpose", "training"), ("padding", new string('x', 65 * 1024)));
        using var refused = await api.PostAsync("/api/datasets", Raw(Multipart(stuffed, FilePart(SampleDatasets.CleanTrain()))));
        var problem = await AssertRefusedAsync(refused, "form", "64 KB");
        Assert.DoesNotContain("xxxx", problem);

        var many = Fields([("name", "Many"), ("purpose", "training"), .. Enumerable.Range(0, 40).Select(i => ($"f{i}", "1"))]);
        using var tooMany = await api.PostAsync("/api/datasets", Raw(Multipart(many, FilePart(SampleDatasets.CleanTrain()))));
        await AssertRefusedAsync(tooMany, "form", "parts");
        Assert.Single(StoredFiles(app));
    }

    [Theory]
    [InlineData("evil\u202Egnp.exe", "text-direction")]
    [InlineData("nul\0byte", "control")]
    [InlineData("line\nbreak", "control")]
    public async Task A_name_with_a_hidden_character_is_refused_before_the_file_is_read(string name, string expected)
    {
        using var response = await api.PostAsync("/api/datasets", Raw(Multipart(Fields(("name", name), ("purpose", "training")), FilePart(SampleDatasets.CleanTrain()))));

        await AssertRefusedAsync(response, "name", expected);
    }

    [Fact]
    public async Task Names_and_descriptions_over_their_limits_are_refused_naming_the_field_and_the_limit()
    {
        using var longName = await api.PostAsync("/api/datasets", Raw(Multipart(FilePart(SampleDatasets.CleanTrain()), Fields(("name", new string('n', 101)), ("purpose", "training")))));
        await AssertRefusedAsync(longName, "name", "at most 100 characters");

        using var longDescription = await api.PostAsync("/api/datasets",
            Raw(Multipart(Fields(("name", "Fine"), ("purpose", "training"), ("description", new string('d', 2001))), FilePart(SampleDatasets.CleanTrain()))));
        await AssertRefusedAsync(longDescription, "description", "at most 2,000 characters");

        using var twice = await api.PostAsync("/api/datasets", Raw(Multipart(Fields(("name", "One"), ("name", "Two"), ("purpose", "training")), FilePart(SampleDatasets.CleanTrain()))));
        await AssertRefusedAsync(twice, "name", "more than once");

        using var twoFiles = await api.PostAsync("/api/datasets",
            Raw(Multipart(Fields(("name", "Two files"), ("purpose", "training")), FilePart(SampleDatasets.CleanTrain()), FilePart(SampleDatasets.CleanValidation()))));
        await AssertRefusedAsync(twoFiles, "file", "one file");
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength());
    }

    private async Task<string> AssertRefusedAsync(HttpResponseMessage response, string field, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(field, (string?)problem["field"]);
        Assert.Contains(message, (string?)problem["detail"], StringComparison.OrdinalIgnoreCase);
        Assert.Empty(IncomingFiles(app));
        return body;
    }

    private static JsonNode WithoutTimes(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("createdAt");
        return node;
    }

    private static string[] Fields(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => $"Content-Disposition: form-data; name=\"{f.Name}\"\r\n\r\n{f.Value}")];

    private static string[] FilePart(string content) =>
        [$"Content-Disposition: form-data; name=\"file\"; filename=\"data.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{content}"];

    private static string Multipart(params string[][] groups) =>
        string.Concat(groups.SelectMany(g => g).Select(part => $"--{Boundary}\r\n{part}\r\n")) + $"--{Boundary}--\r\n";

    private static ByteArrayContent Raw(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        return content;
    }

    private static string[] StoredFiles(ModelHubFactory factory) =>
        Directory.Exists(Path.Combine(factory.DataFolder, "datasets"))
            ? Directory.GetFiles(Path.Combine(factory.DataFolder, "datasets"), "*.jsonl", SearchOption.AllDirectories)
            : [];

    private static string[] IncomingFiles(ModelHubFactory factory) =>
        Directory.Exists(Path.Combine(factory.DataFolder, "datasets", "incoming"))
            ? Directory.GetFiles(Path.Combine(factory.DataFolder, "datasets", "incoming"))
            : [];
}
