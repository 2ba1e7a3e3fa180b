namespace LabPortal.Portal.Components.Shared;

/// <summary>Distinct colours for the series of one chart (one per compared run), repeating after ten.</summary>
public static class ChartPalette
{
    private static readonly string[] Colors =
        ["#594ae2", "#2e7d32", "#ef6c00", "#c62828", "#00838f", "#6a1b9a", "#9e9d24", "#4e342e", "#ad1457", "#37474f"];

    public static string Color(int index) => Colors[index % Colors.Length];
}
