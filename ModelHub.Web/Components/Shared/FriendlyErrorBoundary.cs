using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace ModelHub.Web.Components.Shared;

/// <summary>Shows a friendly message instead of a broken page, and logs the details for us (never for the user).</summary>
public sealed class FriendlyErrorBoundary : ErrorBoundary
{
    [Inject] private ILogger<FriendlyErrorBoundary> Logger { get; set; } = default!;

    protected override Task OnErrorAsync(Exception exception)
    {
        Logger.LogError(exception, "Unhandled error while rendering a page.");
        return Task.CompletedTask;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (CurrentException is null)
        {
            builder.AddContent(0, ChildContent);
            return;
        }

        builder.OpenComponent<ErrorNotice>(1);
        builder.AddComponentParameter(2, nameof(ErrorNotice.OnRetry), EventCallback.Factory.Create(this, Recover));
        builder.CloseComponent();
    }
}
