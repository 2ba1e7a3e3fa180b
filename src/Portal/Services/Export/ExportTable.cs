using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LabPortal.Portal.Services.Export;

/// <summary>
/// A table ready to download as CSV or JSON: the same columns and values in both. Numbers and times are written
/// in the invariant culture (times as ISO 8601 UTC), missing values as empty fields or JSON null.
/// </summary>
public sealed class ExportTable
{
    private ExportTable(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public static ExportTable Of<T>(IEnumerable<T> items, IReadOnlyList<ExportColumn<T>> columns) => new(
        columns.Select(c => c.Name).ToList(),
        items.Select(item => columns.Select(c => c.Read(item)).ToArray()).ToList());

    /// <summary>CSV with text cells made inert for spreadsheets (see <see cref="CsvWriter.Inert"/>); numbers stay numbers.</summary>
    public string ToCsv() => CsvWriter.Write(Columns, Rows.Select(row => (IReadOnlyList<string>)row.Select(CsvCell).ToList()));

    /// <summary>An array with one object per row, keyed by the column names.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < Columns.Count; i++)
                {
                    json.WritePropertyName(Columns[i]);
                    WriteValue(json, row[i]);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string CsvCell(object? value) => value is string text ? CsvWriter.Inert(text) : Text(value);

    private static string Text(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        DateTime time => Time(time),
        double number => double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : "",
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case double:
                json.WriteNullValue();
                break;
            case int or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }

    private static string Time(DateTime time) =>
        DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc)
            .ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
