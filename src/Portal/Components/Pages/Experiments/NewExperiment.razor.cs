using LabPortal.Portal.Accounts;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Components.Pages.Experiments;

/// <summary>Launches an experiment from the form; the same validator as the API marks each bad field.</summary>
public partial class NewExperiment
{
    private ExperimentForm _form = new();
    private IReadOnlyList<ValidationError> _errors = [];
    private bool _attempted;
    private bool _nameTyped;
    private bool _launching;
    private IReadOnlyList<ModelInfo> _models = [];
    private IReadOnlyList<DatasetRecord> _datasets = [];
    private string? _dataset;
    private string? _cloneProblem;

    /// <summary>"Clone and edit": the run whose spec fills the form.</summary>
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "from")]
    public int? FromRun { get; set; }

    protected override void OnInitialized()
    {
        _models = Models.List();
        _datasets = Datasets.List();
        if (FromRun is { } runId && Runs.Get(runId) is { } run)
        {
            _form = ExperimentForm.From(LabJson.Deserialize<ExperimentSpec>(run.SpecJson), $"{run.ExperimentName} (clone of #{run.Id})");
            _form.Priority = run.Priority;
            _form.RequiredDevice = run.RequiredDevice;
            _form.MinMemoryGiB = ByteSize.ToGiB(run.MinMemoryBytes);
            _nameTyped = true;
        }
        else if (FromRun is { } missing)
        {
            // A stale "Clone and edit" link must not pass the defaults off as the run's spec.
            _cloneProblem = $"Run {missing} does not exist, so the form starts from the defaults.";
        }

        if (!_nameTyped)
        {
            _form.Name = _form.SuggestedName();
        }

        // The registered dataset the form's files are, so the picker does not read empty beside filled-in paths.
        _dataset = _datasets.FirstOrDefault(d => d.Task == _form.Task && d.TrainFile == _form.TrainFile && d.ValidationFile == _form.ValidationFile)?.Name;
    }

    /// <summary>Fills the dataset fields from a registered dataset (they stay editable).</summary>
    private void PickDataset(string? name)
    {
        _dataset = name;
        if (_datasets.FirstOrDefault(d => d.Name == name) is { } dataset)
        {
            _form.Task = dataset.Task;
            _form.Format = dataset.Format;
            _form.TrainFile = dataset.TrainFile;
            _form.ValidationFile = dataset.ValidationFile;
            _form.TextAColumn = dataset.TextAColumn;
            _form.TextBColumn = dataset.TextBColumn;
            _form.LabelColumn = dataset.LabelColumn;
            _form.LabelChoice = CustomLabelChoice.From(dataset.ToSpec());
            FormChanged();
        }
    }

    /// <summary>Catalogue names that contain what was typed; a folder path is kept as typed.</summary>
    private Task<IEnumerable<string>> SearchModels(string? typed, CancellationToken cancellationToken) =>
        Task.FromResult(_models
            .Where(m => string.IsNullOrWhiteSpace(typed) || m.Name.Contains(typed.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Name));

    /// <summary>The preview of how many runs the form launches (variants × seeds).</summary>
    private int RunCount() => _form.ToRequest().Request.ExpandRuns().Count;

    private string PresetHelp() => _form.Preset switch
    {
        PresetKind.PaperAblation => "Ours, − adaptive learning rate, − low-rank matrix updates and LoRA, each on every seed",
        PresetKind.PaperTable => "Zero-shot, head-only, the four Table-2 rows, − matching score and full fine-tuning, each at its tuned learning rate, on every seed",
        PresetKind.MethodComparison => "Zero-shot, head-only, full, LoRA and enhanced LoRA on the same model and data, each at its tuned learning rate, on every seed",
        PresetKind.AlphaBetaSweep => "Every α × β pair, on every seed",
        PresetKind.SeedRepeat => SeedRepeatHelp(),
        PresetKind.GlueSuite => "Each GLUE task with head-only, LoRA, enhanced LoRA (C3 on two-class pairs) and full fine-tuning, each at its tuned learning rate, on every seed",
        _ => "One run per seed",
    };

    /// <summary>
    /// A preset that compares methods gives each row its own method's tuned rate: one rate for full fine-tuning and
    /// LoRA alike would ruin one of them. The person can still type one in.
    /// </summary>
    private void PresetChanged()
    {
        if (_form.RowsSetTheMethod)
        {
            _form.LearningRate = null;
        }

        _form.FollowPreset();
        FormChanged();
    }

    /// <summary>What an empty learning rate means for the chosen method (presets give each row its own method's).</summary>
    private string LearningRateHelp() => _form.LearningRate is not null || _form.RowsSetTheMethod
        ? "Empty: each method's tuned default"
        : $"Empty: the tuned default, {TunedDefaults.LearningRate(_form.Method):G4} for this method";

    /// <summary>Any field but the name changed: a name the person has not typed follows what the form will run.</summary>
    private void FormChanged()
    {
        if (!_nameTyped)
        {
            _form.Name = _form.SuggestedName();
        }

        Revalidate();
    }

    /// <summary>The person's own name (even an empty one) is theirs: no more suggestions replace it.</summary>
    private void NameTyped()
    {
        _nameTyped = true;
        Revalidate();
    }

    /// <summary>The seeds a seed repeat will run, so the person sees them before launching.</summary>
    private string SeedRepeatHelp() => $"Seeds {SeedList.Text(_form.ToRequest().Request.RunSeeds())}";

    private ModelInfo? ChosenModel() => _models.FirstOrDefault(m => m.Name.Equals(_form.Model.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The form's spec's memory estimate on the chosen model, or why there is none.</summary>
    private string MemoryText() =>
        MemoryEstimate.For(_form.ToRequest().Request.Spec, ChosenModel()) is { } estimate ? MemoryEstimateText.Describe(estimate) : MemoryEstimateText.Unknown;

    /// <summary>A picker row: "minilm · 22.7 M parameters · hidden 384 · 6 layers · bert · fp32 · ≈ 1.0 GiB needed" (the estimate at the form's settings).</summary>
    private string PickerLine(string name)
    {
        if (_models.FirstOrDefault(m => m.Name == name) is not { } model)
        {
            return name;
        }

        var estimate = MemoryEstimate.For(_form.ToRequest().Request.Spec with { Model = model.Name }, model);
        return string.Join(" · ", new[] { model.Summary, model.Family, model.StoredPrecision, estimate is null ? "memory unknown" : $"≈ {ByteSize.Approximate(estimate.TotalBytes)} needed" }
            .Where(part => !string.IsNullOrEmpty(part)));
    }

    /// <summary>Describes the chosen catalogue model, or says a path is read on the agent.</summary>
    private string ModelHelp() => ChosenModel() is { } model
        ? model.Summary
        : "A catalogue name or a Hugging Face checkpoint folder on the agent (relative to its data root)";

    private bool Has(string field) => Of(field) is not null;

    /// <summary>
    /// A number field's own validation, reading the form validator's message for <paramref name="field"/>.
    /// MudNumericField always validates itself (for its Min/Max) and then overwrites Error and ErrorText with what it
    /// found, so without this the validator's message vanished from the field as soon as it was typed or left.
    /// It runs after the field's value reached the form, so the messages are already up to date.
    /// </summary>
    private Func<T, string?> Rule<T>(string field) => _ => Of(field);

    private string? Of(string field) =>
        _errors.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();

    /// <summary>Re-checks the whole form after any change, so messages appear and clear as the person types.</summary>
    private void Revalidate()
    {
        var (request, seedError) = _form.ToRequest();
        var errors = Experiments.Validate(request).ToList();
        if (seedError is not null)
        {
            errors.Add(seedError);
        }

        // A fresh form does not greet the person with "Give the experiment a name.".
        _errors = _attempted ? errors : errors.Where(e => e.Field != "name").ToList();
    }

    private async Task LaunchAsync()
    {
        _attempted = true;
        Revalidate();
        var (request, _) = _form.ToRequest();
        if (_errors.Count > 0)
        {
            return;
        }

        _launching = true;
        var result = Experiments.Submit(request, await AuthenticationState.NameAsync());
        if (!result.Succeeded)
        {
            _errors = result.Errors;
            _launching = false;
            return;
        }

        var experiment = result.Experiment!;
        Snackbar.Add($"Launched '{experiment.Name}': {experiment.RunIds.Count} run(s) queued.", MudBlazor.Severity.Success);
        Navigation.NavigateTo(experiment.RunIds.Count == 1 ? $"/runs/{experiment.RunIds[0]}" : $"/experiments/{experiment.Id}");
    }
}
