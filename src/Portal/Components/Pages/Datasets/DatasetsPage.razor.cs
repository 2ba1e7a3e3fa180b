using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Components.Shared;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace LabPortal.Portal.Components.Pages.Datasets;

public sealed partial class DatasetsPage
{
    private List<DatasetRecord> _datasets = [];
    private IReadOnlyList<ValidationError> _errors = [];
    private string _name = "";
    private TaskKind _task = TaskKind.Qqp;
    private DatasetFormat _format = DatasetFormat.Auto;
    private string _trainFile = "";
    private string _validationFile = "";
    private string _textA = "";
    private string _textB = "";
    private string _label = "";
    private readonly CustomLabelChoice _labelChoice = new();

    [Inject]
    private DatasetRegistry Registry { get; set; } = default!;

    [Inject]
    private DataRoot DataRoot { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string DataRootPath => DataRoot.Path;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override void OnInitialized() => _datasets = Registry.List().ToList();

    /// <summary>A custom dataset's layout as the list shows it: " (csv: question, answer, label as neg/neutral/pos)".</summary>
    private static string CustomColumns(DatasetRecord dataset)
    {
        var texts = string.IsNullOrEmpty(dataset.TextBColumn) ? dataset.TextAColumn : $"{dataset.TextAColumn}, {dataset.TextBColumn}";
        var label = dataset.Regression ? " as a score" : dataset.LabelNames.Count > 0 ? $" as {string.Join("/", dataset.LabelNames)}" : "";
        return $" ({LabJson.NameOf(dataset.Format)}: {texts}, {dataset.LabelColumn}{label})";
    }

    private bool Has(string field) => Of(field) is not null;

    private string? Of(string field) => _errors.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();

    private async Task RegisterAsync()
    {
        var result = Registry.Register(new DatasetRegistration
        {
            Name = _name,
            Dataset = _labelChoice.ApplyTo(new DatasetSpec
            {
                Task = _task, Format = _format, TrainFile = _trainFile, ValidationFile = _validationFile,
                TextAColumn = _textA, TextBColumn = _textB, LabelColumn = _label,
            }),
        }, await AuthenticationState.NameAsync());
        _errors = result.Errors;
        if (result.Dataset is { } dataset)
        {
            _datasets = Registry.List().ToList();
            _name = "";
            Snackbar.Add($"Registered '{dataset.Name}'.", Severity.Success);
        }
    }
}
