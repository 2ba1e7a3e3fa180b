namespace LabPortal.Agent.Data;

/// <summary>One labelled example: two texts and whether they mean the same (label 1) or not (0).</summary>
public sealed record SentencePair(string First, string Second, int Label);
