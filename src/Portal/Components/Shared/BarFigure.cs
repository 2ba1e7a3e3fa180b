using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.BarLib;
using YTitle = Plotly.Blazor.LayoutLib.YAxisLib.Title;

namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// What a <see cref="BarChart"/> hands plotly.js: one bar per row, rising from 0, with its ± spread as an error bar;
/// the measured rows, the baseline and the paper's reported rows as three traces (three legend entries), a reported bar
/// beside the measured bar of its variant; a hover that names the row, its mean, its ± and its seed count.
/// </summary>
public static class BarFigure
{
    /// <summary>The figure's height in pixels, legend and slanted row names included (its width follows its card).</summary>
    public const int Height = 340;

    /// <summary>The fewest category slots the x axis spans (see <see cref="CategoryRange"/>).</summary>
    public const int MinSlots = 5;

    public const string MeasuredName = "measured";
    public const string BaselineName = "baseline";
    public const string ReportedName = "reported in the paper";

    private static readonly string MeasuredColor = ChartPalette.Color(0);
    private static readonly string BaselineColor = ChartPalette.Color(1);

    /// <summary>The traces that have bars: measured, baseline and reported, in that order.</summary>
    public static IList<ITrace> Traces(IReadOnlyList<ChartBar> bars, string metric)
    {
        var traces = new List<ITrace>();
        AddTrace(traces, bars.Where(b => !b.Reported && !b.Baseline).ToList(), metric, MeasuredName, Solid(MeasuredColor));
        AddTrace(traces, bars.Where(b => !b.Reported && b.Baseline).ToList(), metric, BaselineName, Solid(BaselineColor));
        // Hatched, not filled: a number quoted from the paper, never measured here.
        AddTrace(traces, bars.Where(b => b.Reported).ToList(), metric, ReportedName, new Marker
        {
            Color = PlotlyLook.Transparent,
            Line = new Plotly.Blazor.Traces.BarLib.MarkerLib.Line { Color = PlotlyLook.Grey, Width = 1.5m },
            Pattern = new Plotly.Blazor.Traces.BarLib.MarkerLib.Pattern
            {
                Shape = Plotly.Blazor.Traces.BarLib.MarkerLib.PatternLib.ShapeEnum.Slash, FgColor = PlotlyLook.Grey, Size = 6,
            },
        });
        return traces;
    }

    public static Plotly.Blazor.Layout Layout(IReadOnlyList<ChartBar> bars, string metric, string yFormat) => new()
    {
        Height = Height,
        Margin = new Margin { L = 64, R = 16, T = 8, B = 8 },
        PaperBgColor = PlotlyLook.Transparent,
        PlotBgColor = PlotlyLook.Transparent,
        Font = PlotlyLook.Font(),
        // A variant's measured (or baseline) bar and its reported bar share its place on the x axis, side by side.
        BarMode = BarModeEnum.Group,
        HoverMode = HoverModeEnum.Closest,
        ShowLegend = true,
        Legend = [PlotlyLook.LegendAbove()],
        XAxis =
        [
            new XAxis
            {
                // The rows' order, whichever trace a row's bar is in; long names ("− adaptive learning rate") slant and
                // push the bottom margin rather than overlap.
                CategoryOrder = Plotly.Blazor.LayoutLib.XAxisLib.CategoryOrderEnum.Array,
                CategoryArray = bars.Select(b => (object)b.Label).Distinct().ToList(),
                Range = CategoryRange(bars.Select(b => b.Label).Distinct().Count()),
                AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
                ShowGrid = false, // a line through each row's slot would cut between its measured and reported bar
            },
        ],
        YAxis =
        [
            new YAxis
            {
                Title = new YTitle { Text = metric },
                TickFormat = yFormat,
                GridColor = PlotlyLook.Grid,
                ZeroLineColor = PlotlyLook.Grey,
            },
        ],
    };

    /// <summary>A bar in words, one line each: the row, its value and what the ± means ("over 3 seeds").</summary>
    public static IReadOnlyList<string> Describe(ChartBar bar, string metric)
    {
        var name = bar.Reported ? $"{bar.Label} ({ReportedName})" : bar.Baseline ? $"{bar.Label} ({BaselineName})" : bar.Label;
        var value = bar.Spread is { } spread ? $"{metric} {Number(bar.Value)} ± {Number(spread)}" : $"{metric} {Number(bar.Value)}";
        var seeds = bar.Seeds == 1 ? "1 seed" : $"{bar.Seeds} seeds";
        var meaning = bar.Reported ? "the paper's figure" : bar.Spread is null ? $"{seeds}, no spread" : $"mean ± sample std over {seeds}";
        return [name, value, meaning];
    }

    /// <summary>
    /// The x axis's span in category slots, centred on the rows: never fewer than <see cref="MinSlots"/>, so one or two
    /// rows draw bars of a readable width rather than bars as wide as the card.
    /// </summary>
    public static IList<object> CategoryRange(int rows)
    {
        var pad = Math.Max(MinSlots - rows, 0) / 2.0;
        return [-0.5 - pad, rows - 0.5 + pad];
    }

    public static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static Marker Solid(string color) => new() { Color = color, Line = new Plotly.Blazor.Traces.BarLib.MarkerLib.Line { Color = color, Width = 1 } };

    private static void AddTrace(List<ITrace> traces, IReadOnlyList<ChartBar> bars, string metric, string name, Marker marker)
    {
        if (bars.Count == 0)
        {
            return;
        }

        traces.Add(new Bar
        {
            Name = name,
            // The baseline's bar takes the measured bars' place in the group, not a third place of its own.
            OffsetGroup = bars[0].Reported ? ReportedName : MeasuredName,
            X = bars.Select(b => (object)b.Label).ToList(),
            Y = bars.Select(b => (object)b.Value).ToList(),
            Marker = marker,
            ErrorY = new ErrorY
            {
                Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                Array = bars.Select(b => (object?)b.Spread).ToList(),
                Visible = bars.Any(b => b.Spread is not null),
                Color = PlotlyLook.Grey,
                Thickness = 1.5m,
                Width = 6,
            },
            HoverTextArray = bars.Select(b => Hover(Describe(b, metric))).ToList(),
            HoverInfo = HoverInfoFlag.Text,
        });
    }

    // plotly.js reads hover text as a little HTML: the row's name in bold, and a name's own "<" or "&" escaped.
    private static string Hover(IReadOnlyList<string> lines) =>
        $"<b>{Escape(lines[0])}</b><br>{string.Join("<br>", lines.Skip(1).Select(Escape))}";

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
