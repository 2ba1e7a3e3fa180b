namespace LabPortal.Agent.Tokenization;

/// <summary>
/// The few fields of a SentencePiece model file (sentencepiece_model.proto's ModelProto) read before handing it to
/// Microsoft.ML.Tokenizers: trainer_spec's model type and special ids, found by walking the protobuf's fields.
/// </summary>
/// <param name="ModelType">1 Unigram, 2 BPE (3 word and 4 char models are not read).</param>
public sealed record SentencePieceModelSpec(int ModelType, int UnknownId, int BeginId, int EndId, int PadId)
{
    private const int TrainerSpecField = 2;

    public const int Unigram = 1;
    public const int Bpe = 2;

    public static SentencePieceModelSpec Read(byte[] model, string source)
    {
        // sentencepiece_model.proto's defaults, for fields the file leaves out.
        var spec = new SentencePieceModelSpec(Unigram, UnknownId: 0, BeginId: 1, EndId: 2, PadId: -1);
        try
        {
            foreach (var (field, value, bytes) in Fields(model))
            {
                if (field == TrainerSpecField && bytes is not null)
                {
                    foreach (var (inner, number, _) in Fields(bytes))
                    {
                        var id = (int)number; // int32 fields: a negative id is stored as a 64-bit two's complement
                        spec = inner switch
                        {
                            3 => spec with { ModelType = id },
                            40 => spec with { UnknownId = id },
                            41 => spec with { BeginId = id },
                            42 => spec with { EndId = id },
                            43 => spec with { PadId = id },
                            _ => spec,
                        };
                    }
                }
            }
        }
        catch (Exception exception) when (exception is IndexOutOfRangeException or ArgumentOutOfRangeException or InvalidDataException)
        {
            throw new InvalidDataException($"{source} is not a SentencePiece model file (its protobuf does not parse: {exception.Message}).", exception);
        }

        return spec;
    }

    /// <summary>
    /// The model file with trainer_spec.bos_id set to <paramref name="beginId"/>: protobuf merges a message field that
    /// appears twice, so a second trainer_spec holding only bos_id, appended, overrides the first's.
    /// </summary>
    public static byte[] WithBeginId(byte[] model, int beginId)
    {
        var bosField = new List<byte>();
        WriteVarint(bosField, (41 << 3) | 0);
        WriteVarint(bosField, unchecked((ulong)(long)beginId));
        var appended = new List<byte>(model);
        WriteVarint(appended, (TrainerSpecField << 3) | 2);
        WriteVarint(appended, (ulong)bosField.Count);
        appended.AddRange(bosField);
        return [.. appended];
    }

    /// <summary>Each field of one message: its number and its varint value, or its bytes when length-delimited.</summary>
    private static IEnumerable<(int Field, ulong Value, byte[]? Bytes)> Fields(byte[] message)
    {
        var at = 0;
        while (at < message.Length)
        {
            var key = ReadVarint(message, ref at);
            var (field, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0: yield return (field, ReadVarint(message, ref at), null); break;
                case 1: at += 8; break;
                case 5: at += 4; break;
                case 2:
                    var length = (int)ReadVarint(message, ref at);
                    yield return (field, 0, message[at..(at + length)]);
                    at += length;
                    break;
                default: throw new InvalidDataException($"wire type {wireType} at byte {at}");
            }
        }
    }

    private static ulong ReadVarint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"a varint longer than ten bytes before byte {at}");
    }

    private static void WriteVarint(List<byte> bytes, ulong value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            bytes.Add((byte)(value | 0x80));
        }

        bytes.Add((byte)value);
    }
}
