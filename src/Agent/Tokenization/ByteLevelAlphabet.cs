using System.Text;

namespace LabPortal.Agent.Tokenization;

/// <summary>
/// GPT-2's byte-level alphabet (bytes_to_unicode): each UTF-8 byte is one printable character — printable Latin-1
/// bytes stand for themselves, the others move past 255 in byte order (a space becomes 'Ġ') — as byte-level BPE
/// vocabularies spell their tokens.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] Characters = Build();

    /// <summary>A text as a byte-level vocabulary spells it ("Ġcat" for " cat").</summary>
    public static string Spell(string text) => new(Encoding.UTF8.GetBytes(text).Select(b => Characters[b]).ToArray());

    private static char[] Build()
    {
        static bool Printable(int b) => b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
        var characters = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            characters[b] = Printable(b) ? (char)b : (char)next++;
        }

        return characters;
    }
}
