using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Training;

/// <summary>A tokenized pair with its label.</summary>
public sealed record EncodedExample(EncodedPair Pair, int Label);
