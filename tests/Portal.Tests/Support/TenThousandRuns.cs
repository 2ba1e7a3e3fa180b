using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// A lab whose database holds 10,000 varied runs, shared by a test class (inserting them takes a few seconds).
/// <see cref="Stored"/> is the same runs in memory, for computing what a query should return.
/// </summary>
public sealed class TenThousandRuns : IDisposable
{
    public static readonly string[] People = ["ana", "ben", "chen"];
    public static readonly string[] Models = ["tiny", "mini", "small", "base"];
    public static readonly string[] Tasks = ["qqp", "mrpc", "custom"];
    public static readonly string[] Methods = ["lora", "enhanced-lora", "full", "head-only"];

    public static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    public TenThousandRuns()
    {
        var runs = Enumerable.Range(0, 10_000).Select(Make).ToList();
        Lab.Database.InTransaction(() => Lab.Database.Runs.InsertBulk(runs));
        Stored = Lab.Database.Runs.FindAll().ToList();
    }

    public TestLab Lab { get; } = new();

    public IReadOnlyList<RunRecord> Stored { get; }

    private static RunRecord Make(int i) => new()
    {
        ExperimentId = (i / 10) + 1,
        ExperimentName = $"sweep {i / 10:0000}",
        Variant = i % 5 == 0 ? "LoRA" : "full fine-tuning",
        Seed = i % 13,
        SpecJson = "{}",
        State = (RunState)(i % 11 % 6),
        CreatedBy = People[i % 3],
        Model = Models[i / 3 % 4],
        Task = Tasks[i % 7 % 3],
        Method = Methods[i / 12 % 4],
        // One run every 2 minutes from 1 November: 10,000 runs span about two weeks.
        CreatedAt = Start.AddMinutes(2 * i),
        Tags = [.. i % 10 == 0 ? ["baseline"] : Array.Empty<string>(), .. i % 7 == 0 ? ["Paper"] : Array.Empty<string>()],
        // Every third run has a result, with accuracies and F1s that tie often.
        Evaluation = i % 3 == 0 ? new ConfusionCounts(i % 17, i % 5, i % 11, 3) : null,
        Notes = i % 500 == 0 ? $"Loss spiked near step {i}" : "",
    };

    public void Dispose() => Lab.Dispose();
}
