namespace LabPortal.Agent.Tokenization;

/// <summary>
/// The fixed prompt a decoder LLM reads a pair in, since it has no segment ids or separator convention of its own:
/// <code>
/// [BOS]Text 1: {first}
/// Text 2: {second}
/// Answer:
/// </code>
/// and a single text as <c>[BOS]Text: {text}\nAnswer:</c>. BOS is there when the tokenizer's post-processor adds it
/// (Llama 3), as Hugging Face's tokenizer would. Each text is tokenized on its own with a leading space, so its tokens
/// are exactly where the prompt says and C3 reads each question's states; the classifier reads the state of the final
/// ":", which has seen both texts.
/// </summary>
public sealed record DecoderPrompt(int[] Start, int[] Between, int[] End, int[] SingleStart)
{
    public const string FirstLabel = "Text 1:";
    public const string SecondLabel = "\nText 2:";
    public const string SingleLabel = "Text:";
    public const string AnswerLabel = "\nAnswer:";

    public static DecoderPrompt For(Func<string, IReadOnlyList<int>> tokenize, int? beginToken)
    {
        int[] begin = beginToken is { } id ? [id] : [];
        return new DecoderPrompt([.. begin, .. tokenize(FirstLabel)], [.. tokenize(SecondLabel)], [.. tokenize(AnswerLabel)], [.. begin, .. tokenize(SingleLabel)]);
    }

    /// <summary>The prompt's own tokens around a pair.</summary>
    public int PairTokens => Start.Length + Between.Length + End.Length;

    /// <summary>A text as the prompt holds it: after a space, like every word but the first of a sentence.</summary>
    public static string Spaced(string text) => " " + text;
}
