using LabPortal.Portal.Tests.Support;
using Xunit.Abstractions;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>
/// The chaos soak (see <see cref="ChaosSoak"/>): small here; bench/chaos-soak.sh runs the full one through the same test
/// with LABPORTAL_SOAK_RUNS, LABPORTAL_SOAK_FAULTS and LABPORTAL_SOAK_SEED.
/// </summary>
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Runs_trained_through_killed_and_stopped_agents_cut_links_and_a_killed_portal_all_succeed_with_every_point_once_and_the_metrics_of_undisturbed_runs()
    {
        var plan = new SoakPlan(Runs: Setting("RUNS", 3), Faults: Setting("FAULTS", 8), Seed: Setting("SEED", 1));
        var soak = new ChaosSoak(plan, output.WriteLine);

        var report = await soak.RunAsync();

        output.WriteLine(report.ToString());
        if (Environment.GetEnvironmentVariable("LABPORTAL_SOAK_REPORT") is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, report + "\n");
        }

        Assert.True(report.Problems.Count == 0, $"{report}\n{soak.AgentOutput}");
        Assert.True(report.FaultsInjected >= plan.Faults, $"only {report.FaultsInjected} faults before every run finished: {report}");
        Assert.Equal(plan.Runs, report.Succeeded);
        Assert.Equal((0, 0, 0), (report.MetricMismatches, report.PointGaps, report.DuplicatePoints));
        Assert.Equal(2 * plan.Runs, report.RunsInDatabase); // the soaked runs and their undisturbed twins
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable($"LABPORTAL_SOAK_{name}"), out var value) ? value : fallback;
}
