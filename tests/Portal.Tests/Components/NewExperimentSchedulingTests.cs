using Bunit;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

/// <summary>The form's scheduling fields: priority, device and minimum memory.</summary>
public sealed class NewExperimentSchedulingTests : PageTest
{
    [Fact]
    public void Priority_and_minimum_memory_from_the_form_go_with_every_queued_run()
    {
        var page = Render<NewExperiment>();

        page.Find("#name").Change("urgent");
        page.Find("#seeds").Change("1, 2");
        page.Find("#priority").Change("5");
        page.Find("#min-memory").Change("16");
        page.Find("[data-testid=launch]").Click();

        var runs = Lab.Runs.ListRecent(10);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal((5, 16L << 30, DeviceRequirement.Any), (r.Priority, r.MinMemoryBytes, r.RequiredDevice)));
    }

    [Fact]
    public void An_out_of_range_priority_or_negative_memory_is_refused_with_its_message()
    {
        var page = Render<NewExperiment>();

        page.Find("#name").Change("bad scheduling");
        page.Find("#priority").Change("5000");
        page.Find("#min-memory").Change("-2");
        page.Find("[data-testid=launch]").Click();

        Assert.Contains("The priority must be between -1000 and 1000 (got 5000).", page.Markup);
        Assert.Contains("The minimum memory must be 0 (no minimum) or more.", page.Markup);
        Assert.Empty(Lab.Runs.ListRecent(10));
    }

    [Fact]
    public void Clone_and_edit_keeps_the_runs_priority_and_constraints()
    {
        var runId = Lab.QueueRun();
        Lab.Runs.Update(runId, r =>
        {
            r.Priority = 4;
            r.RequiredDevice = DeviceRequirement.Cuda;
            r.MinMemoryBytes = 8L << 30;
            return true;
        });
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/experiments/new?from={runId}");

        var page = Render<NewExperiment>();

        Assert.Equal("4", page.Find("#priority").GetAttribute("value"));
        Assert.Equal("8", page.Find("#min-memory").GetAttribute("value"));
    }
}
