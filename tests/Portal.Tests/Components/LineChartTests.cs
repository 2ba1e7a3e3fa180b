using Bunit;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Tests.Support;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using YType = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum;

namespace LabPortal.Portal.Tests.Components;

public sealed class LineChartTests : PageTest
{
    private static readonly ChartLine Noisy = new("loss", "#594ae2", [(1, 0.9), (2, 0.5), (3, 0.8), (4, 0.4), (5, 0.7)]);

    [Fact]
    public void Smoothing_averages_a_noisy_curve_without_pulling_its_first_point_towards_zero()
    {
        var smoothed = ChartSmoothing.Exponential(Noisy.Points, 0.6);

        Assert.Equal(0.9, smoothed[0].Y, 12);
        // Debiased EMA: (0.4·0.9·0.6 + 0.4·0.5) / (1 − 0.36) after two points.
        Assert.Equal((0.6 * 0.4 * 0.9 + 0.4 * 0.5) / (1 - 0.36), smoothed[1].Y, 12);
        Assert.Equal(Noisy.Points.Select(p => p.X), smoothed.Select(p => p.X));
        Assert.True(Spread(smoothed) < Spread(Noisy.Points));
        Assert.Same(Noisy.Points, ChartSmoothing.Exponential(Noisy.Points, 0));
    }

    [Fact]
    public void A_smoothed_line_keeps_its_raw_points_faint_behind_it_under_one_legend_entry()
    {
        var traces = LineFigure.Traces([Noisy], smoothing: 0.6).Cast<Scatter>().ToList();

        Assert.Equal(2, traces.Count);
        Assert.Equal([false, true], traces.Select(t => t.ShowLegend ?? true));
        Assert.Equal(["loss", "loss"], traces.Select(t => t.LegendGroup));
        Assert.True(traces[0].Opacity < traces[1].Opacity);
        Assert.Equal(Noisy.Points.Select(p => (object)p.Y), traces[0].Y);
    }

    [Fact]
    public void A_reference_line_is_drawn_hidden_until_its_legend_entry_is_clicked()
    {
        var traces = LineFigure.Traces([Noisy, Noisy with { Name = "attempt 1", Hidden = true }], smoothing: 0).Cast<Scatter>().ToList();

        Assert.Equal([VisibleEnum.True, VisibleEnum.LegendOnly], traces.Select(t => t.Visible));
    }

    [Fact]
    public void Sparse_lines_get_a_marker_at_each_point_and_long_ones_are_drawn_as_lines()
    {
        var longLine = new ChartLine("long", "#000", Enumerable.Range(0, 50).Select(i => ((double)i, 1.0 / (i + 1))).ToList());

        var traces = LineFigure.Traces([Noisy, longLine], smoothing: 0).Cast<Scatter>().ToList();

        Assert.Equal(ModeFlag.Lines | ModeFlag.Markers, traces[0].Mode);
        Assert.Equal(ModeFlag.Lines, traces[1].Mode);
    }

    [Fact]
    public void The_log_scale_switch_turns_the_y_axis_logarithmic_and_is_disabled_when_a_value_is_not_positive()
    {
        var chart = Render<LineChart>(p => p.Add(x => x.Lines, [Noisy]).Add(x => x.YTitle, "training loss"));
        Assert.Equal(YType.Linear, Layout(chart).YAxis[0].Type);
        Assert.Equal("training loss", Layout(chart).YAxis[0].Title.Text);

        chart.Find("input[data-testid=chart-log]").Change(true);

        Assert.Equal(YType.Log, Layout(chart).YAxis[0].Type);

        var withZero = Render<LineChart>(p => p.Add(x => x.Lines, [Noisy with { Points = [(0, 0.0), (1, 0.5)] }]));
        Assert.True(withZero.Find("input[data-testid=chart-log]").HasAttribute("disabled"));
    }

    [Fact]
    public void The_chart_lists_its_lines_as_text_with_their_last_value()
    {
        var chart = Render<LineChart>(p => p.Add(x => x.Lines, [Noisy]));

        var item = chart.Find("[data-series=loss]");
        Assert.Equal("5", item.GetAttribute("data-points"));
        Assert.Contains("last 0.7 at step 5", item.TextContent);
    }

    private static Plotly.Blazor.Layout Layout(IRenderedComponent<LineChart> chart) =>
        chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Layout;

    private static double Spread(IReadOnlyList<(double X, double Y)> points) => points.Max(p => p.Y) - points.Min(p => p.Y);
}
