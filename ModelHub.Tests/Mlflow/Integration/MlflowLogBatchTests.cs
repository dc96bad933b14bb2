using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary><c>runs/log-batch</c>: every point of a batch or none, MLflow's limits, and NaN and infinities kept as MLflow keeps them.</summary>
public sealed class MlflowLogBatchTests : IAsyncLifetime
{
    // Real HTTP: a body sent without a length reaches the app as such (the in-memory test server declares one).
    private readonly ModelHubFactory app = new(realHttp: true);
    private HttpClient engineer = null!;
    private string runId = "";

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("batch@example.com", "mlflow-batch-password-2026", Roles.Engineer);
        engineer = app.CreateClient();
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
        (await engineer.PostAsJsonAsync("/api/2.0/mlflow/experiments/create", new { name = "batches" })).EnsureSuccessStatusCode();
        var run = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "1", start_time = 1 });
        using var body = JsonDocument.Parse(await run.Content.ReadAsStringAsync());
        runId = body.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_full_batch_of_1000_points_is_stored_in_order_with_the_runs_params_and_tags()
    {
        var metrics = Enumerable.Range(0, 1000).Select(i => new { key = i % 2 == 0 ? "loss" : "acc", value = i / 1000.0, timestamp = 1000 + i, step = i / 2 });

        var logged = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId, metrics, @params = new[] { new { key = "lr", value = "0.1" } }, tags = new[] { new { key = "team", value = "nlp" } },
        });

        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        var loss = await HistoryAsync("loss");
        Assert.Equal(500, loss.Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i), loss.Select(m => m.GetProperty("step").GetInt64()));
        Assert.Equal(0.998, loss[^1].GetProperty("value").GetDouble(), 9);
        Assert.Equal(1999, (await HistoryAsync("acc"))[^1].GetProperty("timestamp").GetInt64());
        using var run = JsonDocument.Parse(await engineer.GetStringAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"));
        var data = run.RootElement.GetProperty("run").GetProperty("data");
        Assert.Contains(data.GetProperty("params").EnumerateArray(), p => p.GetProperty("key").GetString() == "lr");
        Assert.Contains(data.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "team");
    }

    [Fact]
    public async Task NaN_and_infinities_are_stored_as_MLflow_stores_them()
    {
        var metrics = new object[]
        {
            new { key = "loss", value = "NaN", timestamp = 1, step = 0 },
            new { key = "loss", value = "Infinity", timestamp = 1, step = 1 },
            new { key = "loss", value = "-Infinity", timestamp = 1, step = 2 },
            new { key = "loss", value = 0.5, timestamp = 1, step = 3 },
        };

        var logged = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = runId, metrics });

        Assert.True(logged.StatusCode == HttpStatusCode.OK, await logged.Content.ReadAsStringAsync());
        var values = (await HistoryAsync("loss")).Select(m => m.GetProperty("value")).ToList();
        Assert.Equal("\"NaN\"", values[0].GetRawText());
        Assert.Equal(double.MaxValue, values[1].GetDouble());
        Assert.Equal(double.MinValue, values[2].GetDouble());
        Assert.Equal(0.5, values[3].GetDouble());
    }

    [Fact]
    public async Task A_refused_batch_stores_none_of_its_points()
    {
        (await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" })).EnsureSuccessStatusCode();
        var metrics = Enumerable.Range(0, 10).Select(i => new { key = "loss", value = 1.0, timestamp = 1, step = i });

        var changedParam = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = runId, metrics, @params = new[] { new { key = "lr", value = "0.2" } } });
        var tooManyParams = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId, metrics, @params = Enumerable.Range(0, 101).Select(i => new { key = $"p{i}", value = "x" }),
        });
        var longKey = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId, metrics = new[] { new { key = new string('k', 251), value = 1.0, timestamp = 1, step = 0 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, changedParam.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooManyParams.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longKey.StatusCode);
        Assert.Empty(await HistoryAsync("loss"));
    }

    [Fact]
    public async Task A_batch_that_leaves_a_partial_last_statement_stores_every_point()
    {
        // 3 keys x 41 points = 123: one more than a multiple of every slice size, so the remainder statement runs too.
        var metrics = Enumerable.Range(0, 123).Select(i => new { key = $"k{i % 3}", value = i + 0.25, timestamp = 5000 + i, step = i / 3 });

        var logged = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = runId, metrics });

        Assert.Equal(HttpStatusCode.OK, logged.StatusCode);
        foreach (var k in Enumerable.Range(0, 3))
        {
            var history = await HistoryAsync($"k{k}");
            Assert.Equal(Enumerable.Range(0, 41).Select(i => (long)i), history.Select(m => m.GetProperty("step").GetInt64()));
            Assert.Equal(Enumerable.Range(0, 41).Select(i => (3 * i) + k + 0.25), history.Select(m => m.GetProperty("value").GetDouble()));
            Assert.Equal(Enumerable.Range(0, 41).Select(i => 5000L + (3 * i) + k), history.Select(m => m.GetProperty("timestamp").GetInt64()));
        }
    }

    [Fact]
    public async Task A_body_sent_without_a_length_is_read_whole_and_an_oversized_one_is_refused()
    {
        var metrics = Enumerable.Range(0, 1000).Select(i => new { key = "loss", value = i / 7.0, timestamp = 1_700_000_000_000L + i, step = i });
        var json = JsonSerializer.SerializeToUtf8Bytes(new { run_id = runId, metrics });
        var huge = JsonSerializer.SerializeToUtf8Bytes(new { run_id = runId, tags = new[] { new { key = "big", value = new string('x', 9 << 20) } } });

        var chunked = await engineer.SendAsync(Chunked(json));
        var tooLarge = await engineer.SendAsync(Chunked(huge));

        Assert.True(json.Length > 4 * 16384, "the body must outgrow the first buffer several times");
        Assert.Equal(HttpStatusCode.OK, chunked.StatusCode);
        Assert.Equal(999, (await HistoryAsync("loss"))[^1].GetProperty("step").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("larger than", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> HistoryAsync(string key)
    {
        var text = await engineer.GetStringAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key={key}&max_results=5000");
        using var body = JsonDocument.Parse(text);
        return body.RootElement.TryGetProperty("metrics", out var metrics) ? [.. metrics.EnumerateArray().Select(m => m.Clone())] : [];
    }

    private static HttpRequestMessage Chunked(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/mlflow/runs/log-batch") { Content = new UnsizedContent(body) };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    /// <summary>A body whose length is not declared, as a streaming client sends it.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
