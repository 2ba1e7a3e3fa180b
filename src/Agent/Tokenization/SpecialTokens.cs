namespace LabPortal.Agent.Tokenization;

/// <summary>
/// The ids of the special tokens a pair encoding uses. <see cref="Classify"/> is null for a model whose sequences
/// start with the text itself (T5: <c>a &lt;/s&gt; b &lt;/s&gt;</c>, its end-of-sequence token as the separator).
/// </summary>
public sealed record SpecialTokens(int Pad, int Unknown, int? Classify, int Separator)
{
    /// <summary>Where a text's own tokens start in a sequence of its own: after the classify token, if there is one.</summary>
    public int TextStart => Classify is null ? 0 : 1;
}
