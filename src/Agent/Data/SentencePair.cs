namespace LabPortal.Agent.Data;

/// <summary>
/// One labelled example: a text, or two, and the label — a class index (for QQP and MRPC 1 = same meaning), or for a
/// regression task such as STS-B the similarity score.
/// </summary>
public sealed record SentencePair(string First, string? Second, double Label);
