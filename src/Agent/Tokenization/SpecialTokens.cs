namespace LabPortal.Agent.Tokenization;

/// <summary>The ids of the special tokens a BERT pair encoding uses.</summary>
public sealed record SpecialTokens(int Pad, int Unknown, int Classify, int Separator);
