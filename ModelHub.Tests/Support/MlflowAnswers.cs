using System.Net;
using System.Text.Json;

namespace ModelHub.Tests.Support;

/// <summary>Reads an MLflow API answer that must be 200, failing with its status and body otherwise.</summary>
public static class MlflowAnswers
{
    public static async Task<JsonElement> OkAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
