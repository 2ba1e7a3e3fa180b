using System.Text;

namespace LabPortal.Agent.Data;

/// <summary>
/// Reads dataset files as UTF-8 that must be valid, line by line, so a bad byte is an error naming its line
/// rather than a silent '�'. A byte-order mark is skipped when present; "\r\n" and "\n" both end a line.
/// </summary>
public static class StrictUtf8
{
    /// <summary>Far longer than any pair of texts; a longer line is not a dataset row (and is not read into memory whole).</summary>
    public const int MaxLineBytes = 1 << 20;

    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>The file's lines with their 1-based numbers, decoded one at a time.</summary>
    public static IEnumerable<(int Number, string Text)> ReadLines(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        var bytes = new List<byte>(256);
        var number = 0;
        while (ReadLineBytes(stream, bytes, path, number + 1))
        {
            number++;
            if (number == 1 && bytes.Count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                throw new DataFormatException(path, 1, "1", "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8.");
            }

            var start = number == 1 && bytes.Take(3).SequenceEqual(ByteOrderMark) ? 3 : 0;
            var end = bytes.Count > start && bytes[^1] == '\r' ? bytes.Count - 1 : bytes.Count;
            string text;
            try
            {
                text = Encoding.GetString(bytes.GetRange(start, end - start).ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw new DataFormatException(path, number, "-", "the line is not valid UTF-8 (save the file as UTF-8).");
            }

            if (text.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
            {
                throw new DataFormatException(path, number, $"{nul + 1}", "the line holds a NUL byte (a binary file, or UTF-16? save it as UTF-8 text).");
            }

            yield return (number, text);
        }
    }

    /// <summary>The same lines as a text reader, for parsers that want one (each line ends with "\n").</summary>
    public static TextReader OpenText(string path) =>
        new StringSequenceReader(ReadLines(path).Select(line => line.Text + "\n"));

    /// <summary>Reads up to the next '\n' (not included); false at the end of the file. A line over the limit is an error.</summary>
    private static bool ReadLineBytes(Stream stream, List<byte> line, string path, int number)
    {
        line.Clear();
        int next;
        while ((next = stream.ReadByte()) >= 0)
        {
            if (next == '\n')
            {
                return true;
            }

            if (line.Count == MaxLineBytes)
            {
                throw new DataFormatException(path, number, "-", $"the line is longer than {MaxLineBytes:N0} bytes, the most a row may have (is this a dataset file?).");
            }

            line.Add((byte)next);
        }

        return line.Count > 0;
    }
}
