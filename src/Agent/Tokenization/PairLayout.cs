namespace LabPortal.Agent.Tokenization;

/// <summary>
/// How a tokenizer's model joins two texts. BERT: <c>[CLS] a [SEP] b [SEP]</c> with segment ids 0 then 1.
/// RoBERTa: <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c> with segment ids all 0 (it has one token type).
/// T5: <c>a &lt;/s&gt; b &lt;/s&gt;</c> with segment ids all 0 (no classify token: see <see cref="SpecialTokens.Classify"/>).
/// A decoder LLM: the texts inside a <see cref="DecoderPrompt"/>, segment ids all 0.
/// </summary>
/// <param name="SeparatorsBetween">Separator tokens between the two texts.</param>
/// <param name="SecondSegmentId">Segment id of the second text and its closing separator.</param>
public sealed record PairLayout(int SeparatorsBetween, int SecondSegmentId)
{
    public static PairLayout Bert { get; } = new(SeparatorsBetween: 1, SecondSegmentId: 1);

    public static PairLayout Roberta { get; } = new(SeparatorsBetween: 2, SecondSegmentId: 0);

    public static PairLayout T5 { get; } = new(SeparatorsBetween: 1, SecondSegmentId: 0);

    /// <summary>A decoder's prompt; null for the encoders' separator layouts.</summary>
    public DecoderPrompt? Prompt { get; init; }

    public static PairLayout Decoder(DecoderPrompt prompt) => new(SeparatorsBetween: 0, SecondSegmentId: 0) { Prompt = prompt };

    /// <summary>The tokens a pair gets besides its texts: the classify token (when there is one), the separators between and the closing separator, or the prompt's.</summary>
    public int SpecialTokenCount(SpecialTokens special) => Prompt?.PairTokens ?? special.TextStart + SeparatorsBetween + 1;
}
