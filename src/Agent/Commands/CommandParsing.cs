using System.CommandLine;
using System.Globalization;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace LabPortal.Agent.Commands;

/// <summary>
/// The one parsing rule of the agent's commands (System.CommandLine): <c>--name value</c> options, <c>--help</c> on each
/// command, and every problem of a command line reported at once, naming the option.
/// </summary>
public static class CommandParsing
{
    /// <summary>A command with the given options and <c>--help</c>.</summary>
    public static Command Define(string name, string description, IEnumerable<Option> options)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Options.Add(new HelpOption());
        return command;
    }

    /// <summary>Writes the command's help to <paramref name="output"/> when the arguments ask for it; returns whether they did.</summary>
    public static bool WriteHelpIfAsked(Command command, IReadOnlyList<string> args, TextWriter output)
    {
        var result = command.Parse(args.ToArray());
        if (result.Action is not HelpAction)
        {
            return false;
        }

        result.Invoke(new InvocationConfiguration { Output = output });
        return true;
    }

    /// <summary>Parses; throws <see cref="ArgumentException"/> with every problem found.</summary>
    public static ParseResult Parse(Command command, IReadOnlyList<string> args)
    {
        var result = command.Parse(args.ToArray());
        return result.Errors.Count == 0
            ? result
            : throw new ArgumentException(string.Join(" ", result.Errors.Select(e => e.Message).Distinct()));
    }

    /// <summary>The options given, in command-line order, by name without "--", each with its value ("" for a switch that is on).</summary>
    public static IEnumerable<(string Name, string Value)> Given(ParseResult result) =>
        from option in result.CommandResult.Children.OfType<OptionResult>()
        where !option.Implicit && (option.Option is not Option<bool> || option.GetValueOrDefault<bool>())
        select (option.Option.Name[2..], option.Option is Option<bool> ? "" : option.GetValueOrDefault<string>() ?? "");

    /// <summary>An optional whole number of at least 1.</summary>
    public static Option<int?> PositiveCount(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1)
            {
                return value;
            }

            result.AddError($"{name} must be a positive whole number (got '{text}').");
            return null;
        },
    };
}
