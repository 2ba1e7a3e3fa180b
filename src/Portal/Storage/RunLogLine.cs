namespace LabPortal.Portal.Storage;

/// <summary>One line an agent printed while training an attempt of a run.</summary>
public sealed class RunLogLine
{
    public int Attempt { get; set; }

    public string Text { get; set; } = "";
}
