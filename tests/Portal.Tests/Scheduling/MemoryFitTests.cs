using Bunit;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Components.Pages.Queue;
using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Tests.Scheduling;

/// <summary>The memory-fit check: the form shows the estimate, and the scheduler keeps a run from agents it would not fit.</summary>
public sealed class MemoryFitTests : PageTest
{
    // The tiny model as an agent describes it (2 layers, hidden 128, 2 heads, feed-forward 512).
    private static readonly ModelInfo Tiny = new("tiny", "random", 1_500_000, 128, 2) { Family = "bert", IntermediateSize = 512, AttentionHeads = 2, StoredPrecision = "fp32" };

    private void ConnectWithMemory(string agentId, long memoryBytes)
    {
        Lab.ConnectAgent(agentId, Tiny);
        var agent = Lab.Agents.Update(agentId, a =>
        {
            a.MemoryBytes = memoryBytes;
            return true;
        })!;
        Lab.Live.PublishAgent(agent);
    }

    private IReadOnlyList<(int RunId, string AgentId)> Pass() =>
        RunPlacement.Match(Lab.Runs.ListQueued(), Lab.Agents.List(), a => Lab.Status.StateOf(a) != AgentState.Lost).Select(p => (p.Run.Id, p.Agent.Id)).ToList();

    [Fact]
    public void A_run_too_big_for_every_online_agent_waits_with_the_reason_and_goes_to_a_big_enough_agent_when_one_registers()
    {
        var runId = Lab.QueueRun(); // tiny, LoRA, batch 32 × length 128: tens of MiB of activations
        ConnectWithMemory("small", 16L << 20);
        var page = Render<QueuePage>();

        Assert.Empty(Pass());
        page.WaitForAssertion(() => Assert.Matches(
            @"waits: ≈ \d+ MiB needed \(estimate\), the largest online agent has 16 MiB", page.Find($"[data-testid=memory-wait-{runId}]").TextContent));

        ConnectWithMemory("large", 8L << 30);

        Assert.Equal([(runId, "large")], Pass());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=memory-wait-{runId}]")));
    }

    [Fact]
    public void A_t5_models_head_width_and_gated_feed_forward_survive_the_agents_stored_record()
    {
        var t5 = new ModelInfo("t5", "encoder", 4_000_000, 256, 4) { Family = "t5", IntermediateSize = 1024, AttentionHeads = 6, HeadSize = 32, GatedFeedForward = true };

        Lab.ConnectAgent("t5-agent", t5);

        Assert.Equal(t5, Lab.Agents.List().Single(a => a.Id == "t5-agent").Models.Single());
    }

    [Fact]
    public void A_checkpoint_folder_no_agent_describes_is_scheduled_as_before()
    {
        var runId = Lab.QueueRun();
        Lab.Runs.Update(runId, r =>
        {
            r.SpecJson = LabJson.Serialize(LabJson.Deserialize<ExperimentSpec>(r.SpecJson) with { Model = "models/my-llama" });
            return true;
        });
        ConnectWithMemory("small", 16L << 20);

        Assert.Equal([(runId, "small")], Pass());
    }

    [Fact]
    public void The_form_shows_the_memory_the_spec_needs_on_the_chosen_model()
    {
        ConnectWithMemory("cpu-1", 8L << 30);
        var page = Render<NewExperiment>();

        page.Find("#model").Input("tiny");
        page.Find("#model").Blur();

        page.WaitForAssertion(() => Assert.Matches(
            @"≈ \d+ MiB needed: weights \d+ MiB, gradients and optimiser \d+ MiB, activations \d+ MiB", page.Find("[data-testid=memory-estimate]").TextContent));
    }

    [Fact]
    public void The_form_says_the_memory_of_a_checkpoint_folder_is_unknown_and_not_checked()
    {
        var page = Render<NewExperiment>();

        page.Find("#model").Input("models/my-llama");
        page.Find("#model").Blur();

        page.WaitForAssertion(() => Assert.Contains("unknown", page.Find("[data-testid=memory-estimate]").TextContent));
        Assert.Contains("does not check it", page.Find("[data-testid=memory-estimate]").TextContent);
    }
}
