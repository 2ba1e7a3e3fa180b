using Plotly.Blazor;

namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// What every plotly.js chart of the portal shares: a transparent background with grey text and grid lines, which
/// read on MudBlazor's light and dark themes alike (plotly.js cannot see the theme), and the same trimmed mode bar.
/// </summary>
public static class PlotlyLook
{
    public const string Grey = "#888";
    public const string Grid = "rgba(128,128,128,0.25)";
    public const string Transparent = "rgba(0,0,0,0)";

    public static Plotly.Blazor.LayoutLib.Font Font() => new() { Size = 12, Color = Grey };

    /// <summary>One row above the plot, left-aligned: below it the legend collides with the x axis's title and names.</summary>
    public static Plotly.Blazor.LayoutLib.Legend LegendAbove() => new()
    {
        Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H,
        X = 0, Y = 1.02m, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom,
    };

    public static Config Config() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        ModeBarButtonsToRemove = new[] { "select2d", "lasso2d", "toImage" },
    };
}
