using System.Text;

namespace LabPortal.Agent.Tests.Tokenization;

/// <summary>
/// Writes a SentencePiece model file (the ModelProto protobuf of sentencepiece_model.proto) from a handful of pieces,
/// so tests have a tokenizer.model whose every id they can derive by hand: pieces (field 1: piece, score, type),
/// trainer_spec (field 2: model_type, unk/bos/eos/pad ids, byte_fallback) and normalizer_spec (field 3: add_dummy_prefix,
/// remove_extra_whitespaces, escape_whitespaces).
/// </summary>
internal static class SentencePieceModelFile
{
    public enum Kind { Unigram = 1, Bpe = 2 }

    public enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Byte = 6 }

    public sealed record Piece(string Text, float Score, PieceType Type = PieceType.Normal);

    public sealed record Spec(Kind Model, int UnknownId, int BeginId, int EndId, int PadId, bool ByteFallback = false, bool RemoveExtraWhitespaces = true);

    public static byte[] Bytes(IReadOnlyList<Piece> pieces, Spec spec)
    {
        using var model = new MemoryStream();
        foreach (var piece in pieces)
        {
            using var message = new MemoryStream();
            WriteString(message, 1, piece.Text);
            WriteTag(message, 2, wireType: 5);
            message.Write(BitConverter.GetBytes(piece.Score));
            WriteVarintField(message, 3, (int)piece.Type);
            WriteMessage(model, 1, message.ToArray());
        }

        using var trainer = new MemoryStream();
        WriteVarintField(trainer, 3, (int)spec.Model);
        WriteVarintField(trainer, 4, pieces.Count);
        WriteVarintField(trainer, 35, spec.ByteFallback ? 1 : 0);
        WriteVarintField(trainer, 40, spec.UnknownId);
        WriteVarintField(trainer, 41, spec.BeginId);
        WriteVarintField(trainer, 42, spec.EndId);
        WriteVarintField(trainer, 43, spec.PadId);
        WriteMessage(model, 2, trainer.ToArray());

        using var normalizer = new MemoryStream();
        WriteString(normalizer, 1, "identity");
        WriteVarintField(normalizer, 3, 1);
        WriteVarintField(normalizer, 4, spec.RemoveExtraWhitespaces ? 1 : 0);
        WriteVarintField(normalizer, 5, 1);
        WriteMessage(model, 3, normalizer.ToArray());
        return model.ToArray();
    }

    private static void WriteTag(Stream stream, int field, int wireType) => WriteVarint(stream, (ulong)((field << 3) | wireType));

    // int32 fields encode negative numbers (an absent id, -1) as ten-byte two's-complement varints.
    private static void WriteVarintField(Stream stream, int field, int value)
    {
        WriteTag(stream, field, wireType: 0);
        WriteVarint(stream, unchecked((ulong)(long)value));
    }

    private static void WriteString(Stream stream, int field, string value) => WriteMessage(stream, field, Encoding.UTF8.GetBytes(value));

    private static void WriteMessage(Stream stream, int field, byte[] bytes)
    {
        WriteTag(stream, field, wireType: 2);
        WriteVarint(stream, (ulong)bytes.Length);
        stream.Write(bytes);
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        stream.WriteByte((byte)value);
    }
}
