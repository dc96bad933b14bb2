using MudBlazor;

namespace ModelHub.Web.Components.Shared;

internal static class DialogDefaults
{
    /// <summary>Forms in dialogs: medium width, Escape closes, a click outside does not lose typed input.</summary>
    public static readonly DialogOptions Form = new()
    {
        MaxWidth = MaxWidth.Small,
        FullWidth = true,
        CloseOnEscapeKey = true,
        BackdropClick = false,
    };
}
