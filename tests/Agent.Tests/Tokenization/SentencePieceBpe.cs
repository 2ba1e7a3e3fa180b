namespace LabPortal.Agent.Tests.Tokenization;

/// <summary>
/// A SentencePiece BPE model in Llama 2's layout (&lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2) with a few merges whose ids a test
/// can derive by hand: SentencePiece's BPE merges, among adjacent pieces, the pair whose joined piece scores highest.
/// "▁piano" goes ▁ p i a n o → ▁p i a n o → ▁p ia n o → ▁p ia no → ▁pia no → ▁piano. Every other letter, digit,
/// punctuation mark and the newline is a piece of its own.
/// </summary>
internal static class SentencePieceBpe
{
    /// <summary>The merged pieces from id 3, by falling score.</summary>
    public static readonly string[] Merged = ["▁t", "he", "▁the", "▁i", "▁is", "▁p", "ia", "no", "▁pia", "▁piano"];

    /// <summary>The single characters after the merged pieces.</summary>
    public static readonly string[] Characters =
    [
        "▁", .. Enumerable.Range('a', 26).Select(c => ((char)c).ToString()), .. Enumerable.Range('A', 26).Select(c => ((char)c).ToString()),
        .. Enumerable.Range('0', 10).Select(c => ((char)c).ToString()), "?", ".", ",", ":", "'", "!", "-", "\n",
    ];

    public static int IdOf(string piece)
    {
        var merged = Array.IndexOf(Merged, piece);
        var character = Array.IndexOf(Characters, piece);
        return merged >= 0 ? 3 + merged : character >= 0 ? 3 + Merged.Length + character : throw new ArgumentException($"'{piece}' is no piece of the small model.");
    }

    public static byte[] ModelFile()
    {
        List<SentencePieceModelFile.Piece> pieces =
        [
            new("<unk>", 0, SentencePieceModelFile.PieceType.Unknown),
            new("<s>", 0, SentencePieceModelFile.PieceType.Control),
            new("</s>", 0, SentencePieceModelFile.PieceType.Control),
            .. Merged.Select((piece, i) => new SentencePieceModelFile.Piece(piece, -1 - i)),
            .. Characters.Select((piece, i) => new SentencePieceModelFile.Piece(piece, -100 - i)),
        ];
        // Llama 2 keeps every space (remove_extra_whitespaces false) and has no pad piece.
        return SentencePieceModelFile.Bytes(pieces, new SentencePieceModelFile.Spec(SentencePieceModelFile.Kind.Bpe, UnknownId: 0, BeginId: 1, EndId: 2, PadId: -1, RemoveExtraWhitespaces: false));
    }
}
