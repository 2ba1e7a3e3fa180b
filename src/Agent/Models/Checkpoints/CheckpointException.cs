namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>A checkpoint folder cannot be used; the message names the file (and tensor) and says what is wrong.</summary>
public sealed class CheckpointException(string message, Exception? inner = null) : Exception(message, inner);
