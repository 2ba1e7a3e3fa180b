using Bunit;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Tests.Support;
using Plotly.Blazor.Traces;

namespace LabPortal.Portal.Tests.Components;

public sealed class BarChartTests : PageTest
{
    private static readonly ChartBar[] Bars =
    [
        new("ours", 0.8, 0.1, 3),
        new("ours", 0.9, null, 1, Reported: true),
        new("− adaptive learning rate", 0.6, null, 1),
        new("LoRA", 0.7, 0.05, 3, Baseline: true),
    ];

    [Fact]
    public void The_figure_has_one_bar_per_row_with_its_spread_as_its_error_bar_and_the_baseline_and_reported_bars_apart()
    {
        var chart = Render<BarChart>(p => p.Add(x => x.Bars, Bars).Add(x => x.YTitle, "Accuracy"));

        var traces = Traces(chart);
        Assert.Equal([BarFigure.MeasuredName, BarFigure.BaselineName, BarFigure.ReportedName], traces.Select(t => t.Name));
        Assert.Equal(Bars.Length, traces.Sum(t => t.X.Count));
        var measured = traces[0];
        Assert.Equal(["ours", "− adaptive learning rate"], measured.X);
        Assert.Equal([0.8, 0.6], measured.Y);
        Assert.Equal([0.1, null], measured.ErrorY.Array);
        Assert.Equal(["LoRA"], traces[1].X);
        Assert.Equal([0.05], traces[1].ErrorY.Array);
        Assert.NotEqual(measured.Marker.Color, traces[1].Marker.Color);
        // The paper's bar has no spread to draw and sits beside the measured bar of its variant, not on it.
        Assert.Equal(["ours"], traces[2].X);
        Assert.False(traces[2].ErrorY.Visible);
        Assert.Equal(measured.OffsetGroup, traces[1].OffsetGroup);
        Assert.NotEqual(measured.OffsetGroup, traces[2].OffsetGroup);
        var layout = chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Layout;
        Assert.Equal("Accuracy", layout.YAxis[0].Title.Text);
        Assert.Equal(["ours", "− adaptive learning rate", "LoRA"], layout.XAxis[0].CategoryArray);
    }

    [Fact]
    public void Hovering_a_bar_names_its_row_its_mean_its_spread_and_its_seed_count()
    {
        var traces = BarFigure.Traces(Bars, "MCC").Cast<Bar>().ToList();

        Assert.Equal("<b>ours</b><br>MCC 0.800 ± 0.100<br>mean ± sample std over 3 seeds", traces[0].HoverTextArray[0]);
        Assert.Equal("<b>− adaptive learning rate</b><br>MCC 0.600<br>1 seed, no spread", traces[0].HoverTextArray[1]);
        Assert.Equal("<b>LoRA (baseline)</b><br>MCC 0.700 ± 0.050<br>mean ± sample std over 3 seeds", traces[1].HoverTextArray[0]);
        Assert.Equal("<b>ours (reported in the paper)</b><br>MCC 0.900<br>the paper's figure", traces[2].HoverTextArray[0]);
        Assert.Equal("<b>a &lt;b&gt; &amp; c</b><br>MCC 0.500<br>1 seed, no spread",
            BarFigure.Traces([new("a <b> & c", 0.5, null, 1)], "MCC").Cast<Bar>().Single().HoverTextArray[0]);
    }

    [Fact]
    public void The_chart_lists_its_bars_as_text_with_mean_spread_and_seeds()
    {
        var chart = Render<BarChart>(p => p.Add(x => x.Bars, Bars).Add(x => x.YTitle, "Accuracy"));

        Assert.Equal(Bars.Length, chart.FindAll("li[data-bar]").Count);
        var ours = chart.Find("[data-bar=ours][data-reported=false]");
        Assert.Equal(("0.800", "0.100", "3"), (ours.GetAttribute("data-mean"), ours.GetAttribute("data-spread"), ours.GetAttribute("data-seeds")));
        Assert.Equal("ours, Accuracy 0.800 ± 0.100, mean ± sample std over 3 seeds", ours.TextContent);
        Assert.Equal("true", chart.Find("[data-bar=LoRA]").GetAttribute("data-baseline"));
        Assert.Contains("(reported in the paper)", chart.Find("[data-bar=ours][data-reported=true]").TextContent);
    }

    [Fact]
    public void A_few_rows_are_drawn_as_bars_of_a_readable_width_centred_and_many_rows_fill_the_axis()
    {
        Assert.Equal([-2.5, 2.5], BarFigure.CategoryRange(1));
        Assert.Equal([-1.5, 3.5], BarFigure.CategoryRange(3));
        Assert.Equal([-0.5, 7.5], BarFigure.CategoryRange(8));
    }

    private static List<Bar> Traces(IRenderedComponent<BarChart> chart) =>
        chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Data.Cast<Bar>().ToList();
}
