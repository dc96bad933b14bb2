namespace ModelHub.Tests.Support;

/// <summary>A browser scenario against the real app on a loopback port: starts Chromium before the test, stops both after.</summary>
public abstract class BrowserTest(ModelHubFactory app) : IAsyncLifetime
{
    protected ModelHubFactory App { get; } = app;

    protected BrowserSession Browser { get; private set; } = default!;

    public async Task InitializeAsync() => Browser = await BrowserSession.StartAsync();

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}
