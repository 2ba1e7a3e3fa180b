using LabPortal.Agent.Data;
using LabPortal.Agent.Data.Glue;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>data glue</c>: downloads the official GLUE files of every task the lab trains into <c>data/&lt;task&gt;</c>, so a
/// fresh clone can run the QQP and MRPC examples and the glue-suite preset. The output gets one line per file saying
/// where it went and how many examples the task's reader found in it; exits 1 if a download, unpacking or reading
/// fails, 2 on a usage error.
/// </summary>
public static class DataCommand
{
    public const string Name = "data";

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log) =>
        RunAsync(args, output, log, GlueSources.Official);

    /// <summary>As above, fetching from <paramref name="sources"/> (tests serve the files locally).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter log, GlueSources sources)
    {
        if (CommandParsing.WriteHelpIfAsked(DataOptions.Command(), args, output))
        {
            return 0;
        }

        DataOptions options;
        try
        {
            options = DataOptions.Parse(args);
        }
        catch (ArgumentException exception)
        {
            log.WriteLine($"{Name}: {exception.Message}");
            return 2;
        }

        using var http = new HttpClient();
        var downloader = new GlueDownloader(http, sources);
        try
        {
            foreach (var task in options.Tasks)
            {
                log.WriteLine($"{Name}: {GlueTasks.NameOf(task)} into {Path.GetFullPath(Path.Combine(options.Output, GlueTasks.NameOf(task)))} …");
                foreach (var file in await downloader.DownloadAsync(task, options.Output, options.Force))
                {
                    output.WriteLine(file.Written
                        ? $"{Name}: wrote {file.Path} ({Examples(file.Examples!.Value)})"
                        : $"{Name}: kept {file.Path} (it exists; --force replaces it)");
                }
            }

            return 0;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidDataException or DataFormatException or UnauthorizedAccessException)
        {
            log.WriteLine($"{Name}: {exception.Message}");
            return 1;
        }
    }

    private static string Examples(int count) => count == 1 ? "1 example" : $"{count:N0} examples";
}
