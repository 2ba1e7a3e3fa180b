using System.Globalization;
using Bunit;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Components;

public sealed class BarChartTests : PageTest
{
    [Fact]
    public void Each_bar_is_drawn_once_and_its_error_bar_spans_the_spread_either_side_of_the_mean()
    {
        ChartBar[] bars = [new("LoRA", 0.8, 0.1), new("− adaptive learning rate", 0.6, null), new("LoRA", 0.882, null, Reported: true)];

        var chart = Render<BarChart>(p => p.Add(x => x.Bars, bars).Add(x => x.YTitle, "Accuracy"));

        Assert.Equal(3, chart.FindAll("rect").Count);
        // Bars rise from 0, so a bar's height in pixels is its mean; the error bar spans 2 × std on the same scale.
        var height = Number(chart.Find("[data-bar='LoRA'][data-reported='false'] rect").GetAttribute("height"));
        var error = chart.Find("[data-error-bar='LoRA']");
        var extent = Math.Abs(Number(error.GetAttribute("y2")) - Number(error.GetAttribute("y1")));
        Assert.Equal(2 * 0.1 / 0.8, extent / height, 2);
        Assert.Single(chart.FindAll("[data-error-bar]"));
        Assert.Equal("none", chart.Find("[data-reported='true'] rect").GetAttribute("fill"));
        Assert.Contains("(reported)", chart.Find("[data-reported='true']").TextContent);
        Assert.Equal("0.800", chart.Find("[data-value-label='LoRA']").TextContent);
        Assert.Equal("Accuracy", chart.Find("[data-testid=y-title]").TextContent);
    }

    private static double Number(string? attribute) => double.Parse(attribute!, CultureInfo.InvariantCulture);
}
