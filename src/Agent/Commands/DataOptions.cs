using System.CommandLine;
using LabPortal.Agent.Data.Glue;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Commands;

/// <summary><c>data glue [--tasks cola,sst2,…] [--output DIR] [--force]</c>: which official files to fetch, and where.</summary>
public sealed record DataOptions
{
    public IReadOnlyList<TaskKind> Tasks { get; init; } = GlueTasks.All;

    /// <summary>Each task gets a folder in it: <c>data/cola</c>, <c>data/sst2</c>, … by default, where the glue-suite preset reads.</summary>
    public string Output { get; init; } = "data";

    /// <summary>Replace files that are already there (otherwise they are kept and not fetched again).</summary>
    public bool Force { get; init; }

    private static readonly Argument<string> SourceArgument = new Argument<string>("source") { Description = "Where the files come from: glue, the GLUE benchmark's official downloads." }
        .AcceptOnlyFromAmong("glue");

    private static readonly Option<IReadOnlyList<TaskKind>?> TasksOption = new("--tasks")
    {
        Description = $"Comma-separated tasks to fetch: {string.Join(", ", GlueTasks.All.Select(GlueTasks.NameOf))} (default: all).",
        CustomParser = ParseTasks,
    };

    private static readonly Option<string?> OutputOption = new("--output") { Description = "The folder that gets one sub-folder per task (default: data)." };
    private static readonly Option<bool> ForceOption = new("--force") { Description = "Replace the task files (train.tsv, dev.tsv) where they already exist." };

    /// <summary><c>data</c> with its source argument, every option and what <c>--help</c> says of them.</summary>
    public static Command Command()
    {
        var command = CommandParsing.Define(
            DataCommand.Name,
            "Downloads the official GLUE files of the tasks the lab reads into OUTPUT/<task>/train.tsv and dev.tsv.",
            [TasksOption, OutputOption, ForceOption]);
        command.Arguments.Add(SourceArgument);
        return command;
    }

    /// <summary>Parses the arguments after the command name; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static DataOptions Parse(IReadOnlyList<string> args)
    {
        var result = CommandParsing.Parse(Command(), args);
        var options = new DataOptions { Force = result.GetValue(ForceOption) };
        return options with
        {
            Tasks = result.GetValue(TasksOption) ?? options.Tasks,
            Output = result.GetValue(OutputOption) ?? options.Output,
        };
    }

    private static IReadOnlyList<TaskKind>? ParseTasks(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var tasks = names.Select(name => GlueTasks.All.Where(task => string.Equals(GlueTasks.NameOf(task), name, StringComparison.OrdinalIgnoreCase)).Cast<TaskKind?>().FirstOrDefault()).ToList();
        if (names.Length > 0 && tasks.All(task => task is not null))
        {
            return tasks.Select(task => task!.Value).Distinct().ToList();
        }

        var unknown = string.Join(", ", names.Where((_, i) => tasks[i] is null).Select(name => $"'{name}'"));
        result.AddError($"--tasks must name one or more of {string.Join(", ", GlueTasks.All.Select(GlueTasks.NameOf))}, comma-separated " +
            $"(got '{text}'{(unknown.Length > 0 ? $"; unknown: {unknown}" : "")}).");
        return null;
    }
}
