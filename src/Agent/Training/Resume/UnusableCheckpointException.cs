namespace LabPortal.Agent.Training.Resume;

/// <summary>
/// A resume checkpoint that cannot be used: unreadable, truncated, of another format, spec or data. The message names
/// the file and why. An agent resuming a lost attempt starts afresh instead; <c>train --resume-from</c> stops with it.
/// </summary>
public sealed class UnusableCheckpointException(string message, Exception inner) : IOException(message, inner);
