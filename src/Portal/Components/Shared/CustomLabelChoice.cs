using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Components.Shared;

/// <summary>How a custom dataset's label column reads, as the forms offer it.</summary>
public enum CustomLabelKind
{
    /// <summary>0/1: two classes (for a pair, 1 = same meaning).</summary>
    ZeroOne,

    /// <summary>Class names, listed in class order.</summary>
    ClassNames,

    /// <summary>A number: a regression.</summary>
    Score,
}

/// <summary>
/// The custom task's label on the new-experiment and datasets forms: its kind and, for class names, the list as typed
/// (comma-separated). It turns into <see cref="DatasetSpec.LabelNames"/> and <see cref="DatasetSpec.Regression"/>.
/// </summary>
public sealed class CustomLabelChoice
{
    public CustomLabelKind Kind { get; set; }

    /// <summary>The class names, comma-separated in class order (used when <see cref="Kind"/> is class names).</summary>
    public string Names { get; set; } = "";

    public static CustomLabelChoice From(DatasetSpec dataset) => new()
    {
        Kind = dataset.Regression ? CustomLabelKind.Score : dataset.LabelNames.Count > 0 ? CustomLabelKind.ClassNames : CustomLabelKind.ZeroOne,
        Names = string.Join(", ", dataset.LabelNames),
    };

    /// <summary>The dataset with this label kind: names only for class names, the regression switch only for a score.</summary>
    public DatasetSpec ApplyTo(DatasetSpec dataset) => dataset with
    {
        LabelNames = Kind == CustomLabelKind.ClassNames ? DatasetSpec.LabelNamesFrom(Names) : [],
        Regression = Kind == CustomLabelKind.Score,
    };
}
