using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Training;

/// <summary>A tokenized pair (or single text) with its label: a class index, or a regression task's score.</summary>
public sealed record EncodedExample(EncodedPair Pair, double Label);
