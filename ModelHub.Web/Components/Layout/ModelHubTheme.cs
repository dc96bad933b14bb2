using MudBlazor;

namespace ModelHub.Web.Components.Layout;

/// <summary>ModelHub's colours; one theme with a light and a dark palette.</summary>
/// <remarks>
/// Every colour is chosen to meet WCAG AA (4.5:1) both as text on the page surface and against its contrast text
/// on filled chips and buttons; MudBlazor's defaults (e.g. orange warning, bright green success) do not.
/// </remarks>
internal static class ModelHubTheme
{
    private const string DarkContrastText = "#121212";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00796b",
            Info = "#01579b",
            Success = "#2e7d32",
            Warning = "#a35200",
            Error = "#c62828",
            AppbarBackground = "#283593",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            PrimaryContrastText = DarkContrastText,
            Secondary = "#4db6ac",
            SecondaryContrastText = DarkContrastText,
            Info = "#90caf9",
            InfoContrastText = DarkContrastText,
            Success = "#a5d6a7",
            SuccessContrastText = DarkContrastText,
            Warning = "#ffcc80",
            WarningContrastText = DarkContrastText,
            Error = "#ef9a9a",
            ErrorContrastText = DarkContrastText,
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.70)",
            AppbarBackground = "#1a1f3a",
        },
    };
}
