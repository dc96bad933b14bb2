using MudBlazor;

namespace ModelHub.Web.Components.Layout;

/// <summary>ModelHub's colours; one theme with a light and a dark palette.</summary>
internal static class ModelHubTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#1a1f3a",
        },
    };
}
