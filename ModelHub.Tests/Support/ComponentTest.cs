using Bunit;
using MudBlazor.Services;

namespace ModelHub.Tests.Support;

/// <summary>
/// Base of every bUnit test: MudBlazor's services, and loose JS interop so that MudBlazor's own JS calls
/// need no setup. A test that cares about a JS call sets it up and verifies it explicitly.
/// </summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }
}
