using System.Text;

namespace LabPortal.Agent.Data.Glue;

/// <summary>
/// GLUE's MRPC split, as its download script makes it: the rows of Microsoft's training file whose (#1 ID, #2 ID) is
/// in GLUE's dev id list go to dev.tsv, the others to train.tsv, each file with the header row. Rows are trimmed and
/// stay tab-separated; a byte-order mark is dropped.
/// </summary>
public static class MrpcSplit
{
    public const string Header = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String";

    private static readonly int Columns = Header.Split('\t').Length;

    /// <summary>Splits <paramref name="pairs"/> by the id pairs in <paramref name="devIds"/>; both name their address for errors.</summary>
    public static void Write((string Path, Uri Source) pairs, (string Path, Uri Source) devIds, TextWriter train, TextWriter dev)
    {
        // Each line of the id list is "id1<TAB>id2", the same text as a row's second and third columns joined.
        var devKeys = Lines(devIds.Path).Select(line => line.Trim()).Where(line => line.Length > 0).ToHashSet(StringComparer.Ordinal);
        using var lines = Lines(pairs.Path).GetEnumerator();
        var header = lines.MoveNext() ? lines.Current.Trim() : "";
        if (header != Header)
        {
            throw new InvalidDataException($"{pairs.Source} does not start with MRPC's header '{Header}' (its first line: '{PairLabel.Shorten(header)}').");
        }

        train.WriteLine(header);
        dev.WriteLine(header);
        var devRows = 0;
        for (var number = 2; lines.MoveNext(); number++)
        {
            var row = lines.Current.Trim();
            if (row.Length == 0)
            {
                continue;
            }

            var fields = row.Split('\t');
            if (fields.Length != Columns)
            {
                throw new InvalidDataException($"{pairs.Source} line {number}: expected {Columns} tab-separated columns ({Header.Replace("\t", ", ", StringComparison.Ordinal)}) but found {fields.Length}.");
            }

            var isDev = devKeys.Contains(fields[1] + "\t" + fields[2]);
            (isDev ? dev : train).WriteLine(row);
            devRows += isDev ? 1 : 0;
        }

        if (devRows == 0)
        {
            throw new InvalidDataException($"None of the id pairs from {devIds.Source} is a row of {pairs.Source}, so the dev set would be empty.");
        }
    }

    /// <summary>The file's lines as UTF-8; the reader drops a byte-order mark.</summary>
    private static IEnumerable<string> Lines(string path) => File.ReadLines(path, Encoding.UTF8);
}
