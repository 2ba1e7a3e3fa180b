using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using XTitle = Plotly.Blazor.LayoutLib.XAxisLib.Title;
using YTitle = Plotly.Blazor.LayoutLib.YAxisLib.Title;

namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// What a <see cref="LineChart"/> hands plotly.js: one scatter trace per line (with markers when the line is sparse,
/// and its raw points faint behind it when smoothed), axis titles, a linear or log y axis, and a hover that lists
/// every line's value at the step under the pointer.
/// </summary>
public static class LineFigure
{
    /// <summary>Lines with at most this many points get a marker at each (one evaluation per epoch draws no line).</summary>
    public const int MaxMarkedPoints = 20;

    /// <summary>The figure's height in pixels, legend and axis titles included (its width follows its card).</summary>
    public const int Height = 300;

    public static IList<ITrace> Traces(IReadOnlyList<ChartLine> lines, double smoothing)
    {
        var traces = new List<ITrace>();
        foreach (var line in lines.Where(l => l.Points.Count > 0))
        {
            var smoothed = ChartSmoothing.Exponential(line.Points, smoothing);
            if (!ReferenceEquals(smoothed, line.Points))
            {
                // The raw values stay visible, faint, so smoothing never hides a spike; they share the line's legend entry.
                traces.Add(Trace(line, line.Points, opacity: 0.25, showLegend: false, hover: false));
            }

            traces.Add(Trace(line, smoothed, opacity: 1, showLegend: true, hover: true));
        }

        return traces;
    }

    public static Plotly.Blazor.Layout Layout(string xTitle, string? yTitle, string yFormat, bool logY) => new()
    {
        Height = Height,
        Margin = new Margin { L = 64, R = 16, T = 8, B = 44 },
        PaperBgColor = PlotlyLook.Transparent,
        PlotBgColor = PlotlyLook.Transparent,
        Font = PlotlyLook.Font(),
        HoverMode = HoverModeEnum.XUnified,
        HoverDistance = -1, // the nearest step answers wherever the pointer is, not only within 20 px of a point
        ShowLegend = true,
        Legend = [PlotlyLook.LegendAbove()],
        // A constant revision keeps the reader's zoom and hidden series while live points arrive.
        UiRevision = "keep",
        XAxis =
        [
            new XAxis
            {
                Title = new XTitle { Text = xTitle },
                UnifiedHoverTitle = new Plotly.Blazor.LayoutLib.XAxisLib.UnifiedHoverTitle { Text = $"{xTitle} %{{x}}" },
                GridColor = PlotlyLook.Grid,
                ZeroLine = false,
            },
        ],
        YAxis =
        [
            new YAxis
            {
                Title = new YTitle { Text = yTitle ?? "" },
                Type = logY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
                TickFormat = logY ? "" : yFormat,
                ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power,
                HoverFormat = ".4g",
                GridColor = PlotlyLook.Grid,
                ZeroLine = false,
            },
        ],
    };

    /// <summary>Whether a log y axis can show every point (it cannot show zero or below).</summary>
    public static bool LogPossible(IReadOnlyList<ChartLine> lines) => lines.Any(l => l.Points.Count > 0) && lines.All(l => l.Points.All(p => p.Y > 0));

    private static Scatter Trace(ChartLine line, IReadOnlyList<(double X, double Y)> points, double opacity, bool showLegend, bool hover) => new()
    {
        Name = line.Name,
        LegendGroup = line.Name,
        ShowLegend = showLegend,
        X = points.Select(p => (object)p.X).ToList(),
        Y = points.Select(p => (object)p.Y).ToList(),
        Mode = points.Count <= MaxMarkedPoints ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
        Line = new Line { Color = line.Color, Width = 2, Dash = line.Dashed ? "dash" : "solid" },
        Marker = new Marker { Color = line.Color, Size = 6 },
        Opacity = (decimal)opacity,
        Visible = line.Hidden ? VisibleEnum.LegendOnly : VisibleEnum.True,
        HoverInfo = hover ? HoverInfoFlag.All : HoverInfoFlag.Skip,
    };
}
