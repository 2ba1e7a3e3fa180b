using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Services;

public sealed class RunNotesAndTagsTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void Tags_are_saved_trimmed_once_each_and_announced_to_open_pages()
    {
        var runId = _lab.QueueRun();
        RunRecord? announced = null;
        _lab.Live.RunChanged += run => announced = run;

        _lab.History.SetTags(runId, [" baseline ", "paper", "Baseline"]);

        Assert.Equal(["baseline", "paper"], _lab.Runs.Get(runId)!.Tags);
        Assert.Equal(["baseline", "paper"], announced!.Tags);
    }

    [Fact]
    public void An_empty_or_overlong_tag_is_refused_with_a_reason_and_the_stored_tags_stay()
    {
        var runId = _lab.QueueRun();
        _lab.History.SetTags(runId, ["kept"]);

        var empty = Assert.Throws<ArgumentException>(() => _lab.History.SetTags(runId, ["ok", "  "]));
        var overlong = Assert.Throws<ArgumentException>(() => _lab.History.SetTags(runId, [new string('x', 41)]));

        Assert.Contains("cannot be empty", empty.Message);
        Assert.Contains("longer than 40", overlong.Message);
        Assert.Equal(["kept"], _lab.Runs.Get(runId)!.Tags);
    }

    [Fact]
    public void Notes_record_who_edited_them_and_when()
    {
        var runId = _lab.QueueRun();

        _lab.History.SetNotes(runId, "Diverged after warm-up; rerun with lr 1e-4.", "ana");

        var run = _lab.Runs.Get(runId)!;
        Assert.Equal("Diverged after warm-up; rerun with lr 1e-4.", run.Notes);
        Assert.Equal("ana", run.NotesEditedBy);
        Assert.Equal(_lab.Clock.GetUtcNow().UtcDateTime, run.NotesEditedAt);
    }

    [Fact]
    public void Editing_a_run_that_does_not_exist_changes_nothing()
    {
        Assert.Null(_lab.History.SetNotes(404, "x", "ana"));
        Assert.Null(_lab.History.SetTags(404, ["x"]));
    }

    [Fact]
    public void Submitting_an_experiment_copies_model_task_and_method_onto_its_runs()
    {
        var result = _lab.Submissions.Submit(new ExperimentRequest
        {
            Name = "facets",
            Spec = new ExperimentSpec
            {
                Model = "tiny",
                Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Kind = MethodKind.HeadOnly },
            },
        }, "ben");

        var run = _lab.Runs.Get(Assert.Single(result.Experiment!.RunIds))!;
        Assert.Equal(("tiny", "qqp", "head-only", "ben"), (run.Model, run.Task, run.Method, run.CreatedBy));
    }

    [Fact]
    public void Runs_stored_before_history_get_their_facets_from_the_spec()
    {
        var runId = _lab.QueueRun();
        _lab.Runs.Update(runId, run =>
        {
            (run.Model, run.Task, run.Method) = ("", "", "");
            return true;
        });

        Assert.Equal(1, _lab.History.CopyMissingFacets());

        var stored = _lab.Runs.Get(runId)!;
        Assert.Equal(("tiny", "qqp", "lora"), (stored.Model, stored.Task, stored.Method));
    }

    public void Dispose() => _lab.Dispose();
}
