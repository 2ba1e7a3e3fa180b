using System.Text;

namespace LabPortal.Portal.Tests.Support;

/// <summary>Reads RFC 4180 CSV back into rows keyed by the header, so export tests check values, not text.</summary>
public static class CsvReader
{
    public static IReadOnlyList<IReadOnlyList<string>> Rows(string csv)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.False(quoted, "The CSV ends inside a quoted field.");
        Assert.True(row.Count == 0 && field.Length == 0, "The CSV's last row does not end with CRLF.");
        return rows;
    }

    /// <summary>The data rows as dictionaries from column name to field.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Records(string csv)
    {
        var rows = Rows(csv);
        var header = rows[0];
        return rows.Skip(1).Select(r =>
        {
            Assert.Equal(header.Count, r.Count);
            return (IReadOnlyDictionary<string, string>)header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }
}
