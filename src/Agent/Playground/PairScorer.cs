using System.Diagnostics;
using LabPortal.Agent.Connection;
using LabPortal.Agent.Models;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using static TorchSharp.torch;

namespace LabPortal.Agent.Playground;

/// <summary>
/// Answers the portal's <see cref="IAgentClient.ScorePairAsync"/>: downloads a finished run's result.json and weights,
/// rebuilds its model once and keeps the last few in memory (<see cref="ModelCache{T}"/>: at most two, and at most
/// <see cref="CacheBudgetBytes"/> of weights), and scores pairs with them one at a time on a background thread, so a
/// training run in the process only shares the CPU.
/// </summary>
public sealed class PairScorer(string agentId, ModelCatalogue catalogue, Device device, ArtifactDownloader downloader) : IDisposable
{
    public const int MaxQuestionLength = 2000;

    /// <summary>Room for two MiniLM-sized runs many times over, but not for a second multi-billion-parameter decoder.</summary>
    public const long CacheBudgetBytes = 2L << 30;

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ModelCache<RunModel> _cache = new(capacity: 2, CacheBudgetBytes, model => model.WeightBytes);

    public async Task<PairScore> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.First))
        {
            throw new ArgumentException("The first text is empty.");
        }

        // The second may be empty: a single-text run (CoLA, SST-2) reads the first alone; the run's model says when it needs two.
        CheckLength(request.First, "first");
        CheckLength(request.Second, "second");
        var received = Stopwatch.StartNew();
        await _one.WaitAsync(cancellationToken);
        try
        {
            var model = await ModelForAsync(request.RunId, cancellationToken);
            var score = await Task.Run(() => model.Score(request.RunId, agentId, request.First, request.Second), cancellationToken);
            return score with { AgentMilliseconds = Math.Round(received.Elapsed.TotalMilliseconds, 2) };
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose()
    {
        _cache.Dispose();
        _one.Dispose();
    }

    private static void CheckLength(string? text, string which)
    {
        if (text?.Length > MaxQuestionLength)
        {
            throw new ArgumentException($"The {which} text is longer than {MaxQuestionLength} characters.");
        }
    }

    private async Task<RunModel> ModelForAsync(int runId, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(runId, out var cached))
        {
            return cached;
        }

        var folder = Directory.CreateTempSubdirectory($"labportal-score-{runId}-").FullName;
        RunModel model;
        try
        {
            await DownloadAsync(runId, ArtifactNames.Result, folder, cancellationToken);
            foreach (var name in RunModel.FilesToScore($"Run {runId}", SavedRun.Read(Path.Combine(folder, ArtifactNames.Result)).Spec.Method.Kind).Skip(1))
            {
                await DownloadAsync(runId, name, folder, cancellationToken);
            }

            model = await Task.Run(() => RunModel.Load(catalogue, $"Run {runId}", folder, device), cancellationToken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        _cache.Add(runId, model);
        return model;
    }

    private async Task DownloadAsync(int runId, string name, string folder, CancellationToken cancellationToken)
    {
        if (!await downloader.DownloadAsync(runId, name, Path.Combine(folder, name), cancellationToken))
        {
            throw new FileNotFoundException($"Run {runId} has no {name} on the portal.");
        }
    }
}
