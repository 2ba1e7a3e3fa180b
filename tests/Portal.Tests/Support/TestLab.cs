using LabPortal.Portal.Accounts;
using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services.Compare;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Models;
using LabPortal.Shared.Runs;
using LabPortal.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// The portal's services over a real LiteDB file in a temporary folder, with a fake clock.
/// Used by tests that drive runs through their life without a hub.
/// </summary>
public sealed class TestLab : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("labportal-test-").FullName;

    public TestLab()
    {
        Database = new LabDatabase(DatabasePath);
        Runs = new RunStore(Database);
        Agents = new AgentStore(Database);
        Metrics = new MetricStore(Database);
        Experiments = new ExperimentStore(Database);
        Artifacts = new ArtifactStore(Database, Runs);
        Datasets = new DatasetStore(Database);
        Logs = new RunLogStore(Database);
        Lifecycle = new RunLifecycle(Database, Runs, Agents, Metrics, Artifacts, Logs, Live, Scheduler, Clock);
        Accounts = new AccountService(Database, Clock);
        Tokens = new ApiTokenService(Database, Clock);
        Control = new RunControl(Lifecycle, Runs, Agents, Commands, NullLogger<RunControl>.Instance);
        Admin = new AgentAdministration(Agents, Runs, Lifecycle, Live, Scheduler);
        Status = new AgentStatus(Options.Create(Settings), Clock);
        History = new RunHistory(Database, Runs, Live, Clock);
        Submissions = new ExperimentService(Experiments, new PortalDatasetFiles(new DataRoot(RepositoryPaths.Root)), Scheduler, Live, Clock);
    }

    public string DatabasePath => Path.Combine(_folder, "lab.db");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));

    public LabDatabase Database { get; }

    public RunStore Runs { get; }

    public AgentStore Agents { get; }

    public MetricStore Metrics { get; }

    public ExperimentStore Experiments { get; }

    public ArtifactStore Artifacts { get; }

    public DatasetStore Datasets { get; }

    public LiveUpdates Live { get; } = new();

    public SchedulerSignal Scheduler { get; } = new();

    public RunLifecycle Lifecycle { get; }

    public AccountService Accounts { get; }

    public ApiTokenService Tokens { get; }

    public RunLogStore Logs { get; }

    /// <summary>The portal's settings (heartbeat interval 5 s as by default).</summary>
    public LabOptions Settings { get; } = new();

    /// <summary>What the portal told agents (in place of the hub).</summary>
    public RecordingAgentCommands Commands { get; } = new();

    public RunControl Control { get; }

    public AgentAdministration Admin { get; }

    public AgentStatus Status { get; }

    public RunHistory History { get; }

    /// <summary>The portal's submission path (validation, facets, live notice), over the demo data files.</summary>
    public ExperimentService Submissions { get; }

    /// <summary>Registers these same instances in a service collection (for bUnit).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(Database);
        services.AddSingleton(Runs);
        services.AddSingleton(Agents);
        services.AddSingleton(Metrics);
        services.AddSingleton(Experiments);
        services.AddSingleton(Artifacts);
        services.AddSingleton(Datasets);
        services.AddSingleton(new DataRoot(RepositoryPaths.Root));
        services.AddSingleton(new DatasetRegistry(Datasets, new DataRoot(RepositoryPaths.Root), new PortalDatasetFiles(new DataRoot(RepositoryPaths.Root)), Clock));
        services.AddSingleton(Live);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Lifecycle);
        services.AddSingleton(Accounts);
        services.AddSingleton(Tokens);
        services.AddSingleton(Logs);
        services.AddSingleton(Control);
        services.AddSingleton(Admin);
        services.AddSingleton(Status);
        services.AddSingleton(new ModelChoices(Agents));
        services.AddSingleton(Submissions);
        services.AddSingleton(new ExperimentList(Experiments, Runs));
        services.AddSingleton(History);
        services.AddSingleton(new RunSelection(Runs));
        services.AddSingleton<RunView>();
    }

    /// <summary>Stores a queued run (an experiment of one seed), tells open pages, and returns its id.</summary>
    public int QueueRun(string name = "demo", int seed = 42)
    {
        var spec = new ExperimentSpec { Seed = seed };
        var run = new RunRecord { SpecJson = LabJson.Serialize(spec), Seed = seed, State = RunState.Queued, CreatedAt = Clock.GetUtcNow().UtcDateTime };
        RunFacets.CopyFromSpec(run);
        var experiment = Experiments.Create(new ExperimentRecord { Name = name, SpecJson = LabJson.Serialize(spec) }, [run]);
        Live.PublishRun(run);
        return experiment.RunIds[0];
    }

    /// <summary>An online, idle agent as if it had registered on the hub (and told open pages so).</summary>
    public string ConnectAgent(string agentId = "agent-1", params ModelInfo[] models)
    {
        var agent = Agents.Upsert(agentId, Clock.GetUtcNow().UtcDateTime, a =>
        {
            a.ConnectionId = $"connection-{agentId}";
            a.Machine = "test-machine";
            a.Device = "cpu";
            a.Models = [.. models];
            a.LastSeen = Clock.GetUtcNow().UtcDateTime;
        });
        Live.PublishAgent(agent);
        return agentId;
    }

    /// <summary>The agent's connection closed (as the hub records it, without telling open pages).</summary>
    public AgentRecord DisconnectAgent(string agentId) => Agents.Update(agentId, a =>
    {
        a.ConnectionId = null;
        return true;
    }) ?? throw new InvalidOperationException($"No agent '{agentId}'.");

    /// <summary>Queues a run and assigns it to a fresh agent; returns the run id, attempt and agent.</summary>
    public (int RunId, int Attempt, string AgentId) StartRun(string agentId = "agent-1")
    {
        var runId = QueueRun();
        ConnectAgent(agentId);
        var assignment = Lifecycle.TryAssign(runId, agentId) ?? throw new InvalidOperationException("Assignment refused.");
        return (runId, assignment.Attempt, agentId);
    }

    /// <summary>Takes a queued run through an agent of its own to success with these decisions (telling open pages).</summary>
    public void Succeed(int runId, ConfusionCounts evaluation)
    {
        var (agent, attempt) = AssignToOwnAgent(runId);
        Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 1, Evaluation = evaluation } });
    }

    /// <summary>Takes a queued run through an agent of its own to failure with the agent's reason (telling open pages).</summary>
    public void Fail(int runId, string reason)
    {
        var (agent, attempt) = AssignToOwnAgent(runId);
        Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, reason));
    }

    private (string AgentId, int Attempt) AssignToOwnAgent(int runId)
    {
        var agent = ConnectAgent($"agent-{runId}");
        var assignment = Lifecycle.TryAssign(runId, agent) ?? throw new InvalidOperationException("Assignment refused.");
        return (agent, assignment.Attempt);
    }

    public static ProgressReport TrainReport(long sequence, int step, int totalSteps, double loss, double examplesPerSecond = 32) => new()
    {
        Sequence = sequence,
        Kind = ProgressKind.Train,
        Step = step,
        TotalSteps = totalSteps,
        Epoch = (double)step / totalSteps,
        Loss = loss,
        LearningRate = 1e-3,
        ExamplesPerSecond = examplesPerSecond,
    };

    public void Report(int runId, int attempt, string agentId, params ProgressReport[] reports) =>
        Lifecycle.AcceptProgress(agentId, new ProgressBatch(agentId, runId, attempt, reports));

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
