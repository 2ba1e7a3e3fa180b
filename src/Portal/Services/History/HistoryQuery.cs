using System.Globalization;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.Primitives;

namespace LabPortal.Portal.Services.History;

/// <summary>
/// History's filter and order as URL query parameters (person, model, task, method, state, tag, from, to, q, sort, desc),
/// shared by the page's download links and the export API, which answers 400 with <see cref="Parse"/>'s message.
/// </summary>
public sealed record HistoryQuery(HistoryFilter Filter, HistorySort Sort = HistorySort.Created, bool Descending = true)
{
    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Reads the parameters; returns null and a message naming the bad parameter when one is not valid.</summary>
    public static HistoryQuery? Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters, out string error)
    {
        var given = parameters.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        string? Value(string key) => given.TryGetValue(key, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

        error = "";
        var state = Value("state");
        var task = Value("task");
        var method = Value("method");
        var sort = Value("sort");
        var descending = Value("desc");
        RunState parsedState = default;
        HistorySort parsedSort = HistorySort.Created;
        if (state is not null && !TryName(state, out parsedState))
        {
            error = $"state: '{state}' is not a run state; use one of {string.Join(", ", Enum.GetNames<RunState>())}.";
        }
        else if (task is not null && !SpecNames.Tasks.Contains(task, StringComparer.OrdinalIgnoreCase))
        {
            error = $"task: '{task}' is not a task; use one of {string.Join(", ", SpecNames.Tasks)}.";
        }
        else if (method is not null && !SpecNames.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
        {
            error = $"method: '{method}' is not a method; use one of {string.Join(", ", SpecNames.Methods)}.";
        }
        else if (sort is not null && !TryName(sort, out parsedSort))
        {
            error = $"sort: '{sort}' is not a column; use one of {string.Join(", ", Enum.GetNames<HistorySort>())}.";
        }
        else if (descending is not null && !bool.TryParse(descending, out _))
        {
            error = $"desc: '{descending}' is not true or false.";
        }

        var from = Date(Value("from"), "from", ref error);
        var to = Date(Value("to"), "to", ref error);
        if (error.Length == 0 && from > to)
        {
            error = $"from ({from:yyyy-MM-dd}) is after to ({to:yyyy-MM-dd}).";
        }

        if (error.Length > 0)
        {
            return null;
        }

        var filter = new HistoryFilter
        {
            CreatedBy = Value("person"),
            Model = Value("model"),
            Task = task,
            Method = method,
            State = state is null ? null : parsedState,
            Tag = Value("tag"),
            CreatedFrom = from,
            CreatedTo = to,
            Search = Value("q"),
        };
        return new HistoryQuery(filter, parsedSort, descending is null || bool.Parse(descending));
    }

    /// <summary>The parameters that <see cref="Parse"/> reads back to this query (empty fields left out).</summary>
    public string ToQueryString()
    {
        var parameters = new List<(string Key, string? Value)>
        {
            ("person", Filter.CreatedBy),
            ("model", Filter.Model),
            ("task", Filter.Task),
            ("method", Filter.Method),
            ("state", Filter.State?.ToString()),
            ("tag", Filter.Tag),
            ("from", Filter.CreatedFrom?.ToString(DateFormat, CultureInfo.InvariantCulture)),
            ("to", Filter.CreatedTo?.ToString(DateFormat, CultureInfo.InvariantCulture)),
            ("q", Filter.Search),
            ("sort", Sort == HistorySort.Created ? null : Sort.ToString()),
            ("desc", Descending ? null : "false"),
        };
        var given = parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }

    // Names only: Enum.TryParse alone would also take numbers such as "7".
    private static bool TryName<T>(string text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.GetNames<T>().Contains(text, StringComparer.OrdinalIgnoreCase);

    private static DateOnly? Date(string? text, string name, ref string error)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (error.Length == 0)
        {
            error = $"{name}: '{text}' is not a date; write it as YYYY-MM-DD.";
        }

        return null;
    }
}
