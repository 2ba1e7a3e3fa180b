using System.CommandLine;
using System.CommandLine.Help;

namespace LabPortal.Bench;

/// <summary>
/// A bench command's whole-number options, parsed as the agent's commands are (System.CommandLine): <c>--help</c> lists
/// them with their defaults, and a bad or unknown option is named on stderr instead of crashing the run.
/// </summary>
public static class Options
{
    /// <summary>The values by name (without "--"), or null with the exit code when help was shown (0) or the line was refused (2).</summary>
    public static (Dictionary<string, int>? Values, int ExitCode) Parse(string command, string description, string[] args, params (string Name, int Default, string Description)[] known)
    {
        var definition = new Command(command, description);
        var options = known.Select(k => new Option<int>("--" + k.Name) { Description = k.Description, DefaultValueFactory = _ => k.Default }).ToList();
        options.ForEach(definition.Options.Add);
        definition.Options.Add(new HelpOption());

        var result = definition.Parse(args);
        if (result.Action is HelpAction)
        {
            result.Invoke();
            return (null, 0);
        }

        if (result.Errors.Count > 0)
        {
            Console.Error.WriteLine($"{command}: {string.Join(" ", result.Errors.Select(e => e.Message))}");
            return (null, 2);
        }

        return (options.ToDictionary(o => o.Name[2..], o => result.GetValue(o)), 0);
    }
}
