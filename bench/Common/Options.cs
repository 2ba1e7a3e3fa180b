using System.Globalization;

namespace LabPortal.Bench;

/// <summary>"--name value" pairs of whole numbers.</summary>
public static class Options
{
    public static Dictionary<string, int> Parse(string[] args)
    {
        var values = new Dictionary<string, int>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }

        return values;
    }
}
