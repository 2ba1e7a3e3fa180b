namespace LabPortal.Agent.Data;

/// <summary>A dataset file does not have the expected layout; the message names the file, line and column.</summary>
public sealed class DataFormatException(string file, int line, string column, string problem)
    : Exception($"{file}, line {line}, column {column}: {problem}")
{
    public string File { get; } = file;

    /// <summary>1-based; line 1 is the header.</summary>
    public int Line { get; } = line;

    public string Column { get; } = column;

    /// <summary>What is wrong, without the place (so the place can be named otherwise, e.g. a download's address).</summary>
    public string Problem { get; } = problem;
}
