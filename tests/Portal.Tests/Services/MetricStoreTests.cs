using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using LiteDB;

namespace LabPortal.Portal.Tests.Services;

public sealed class MetricStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("labportal-points-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string DatabasePath => Path.Combine(_folder, "lab.db");

    [Fact]
    public void A_stored_report_reads_back_from_the_file_with_its_time_rates_and_counts_once_however_often_it_is_sent()
    {
        var report = new ProgressReport
        {
            Sequence = 3, Time = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(2)), Kind = ProgressKind.Eval,
            Step = 40, TotalSteps = 90, Epoch = 1.25, Loss = 0.41, LearningRate = 1e-3, LearningRateA = 1e-3, LearningRateB = 2e-3,
            ExamplesPerSecond = 55.5, Evaluation = new ConfusionCounts(30, 5, 50, 15),
        };
        using (var db = new LabDatabase(DatabasePath))
        {
            var store = new MetricStore(db);
            Assert.Single(store.Append(7, 2, [report]));
            Assert.Empty(store.Append(7, 2, [report])); // a resent report is stored once
        }

        using var reopened = new LabDatabase(DatabasePath);
        var point = Assert.Single(new MetricStore(reopened).ListForRun(7));

        Assert.Equal(("7:2:3", 7, 2), (point.Id, point.RunId, point.Attempt));
        Assert.Equal(report.Time, point.Time); // the same instant
        Assert.Equal(
            (report.Sequence, report.Kind, report.Step, report.TotalSteps, report.Epoch, report.Loss, report.LearningRate, report.LearningRateA, report.LearningRateB, report.ExamplesPerSecond, report.Evaluation),
            (point.Sequence, point.Kind, point.Step, point.TotalSteps, point.Epoch, point.Loss, point.LearningRate, point.LearningRateA, point.LearningRateB, point.ExamplesPerSecond, point.Evaluation));
    }

    [Fact]
    public void A_point_stored_by_an_earlier_version_in_the_flat_layout_still_reads()
    {
        using (var raw = new LiteDatabase($"Filename={DatabasePath};Connection=direct"))
        {
            raw.GetCollection("points").Insert(new BsonDocument
            {
                ["_id"] = "5:1:1", ["RunId"] = 5, ["Attempt"] = 1, ["Sequence"] = 1L,
                ["Time"] = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc), ["Kind"] = "Train",
                ["Step"] = 5, ["TotalSteps"] = 10, ["Epoch"] = 0.5, ["Loss"] = 0.69, ["LearningRate"] = 1e-3,
            });
        }

        using var db = new LabDatabase(DatabasePath);
        var point = Assert.Single(new MetricStore(db).ListForRun(5));

        Assert.Equal((ProgressKind.Train, 5, 0.69), (point.Kind, point.Step, point.Loss));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), point.Time);
    }
}
