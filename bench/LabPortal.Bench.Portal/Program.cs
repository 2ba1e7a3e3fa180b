namespace LabPortal.Bench.Portal;

/// <summary>bench/README.md lists the commands; each prints what it measured and ends with one JSON line.</summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "store" => await StoreCommand.RunAsync(args[1..]),
        "hub" => await HubLoadCommand.RunAsync(args[1..]),
        "hub-agents" => await LoadAgentsCommand.RunAsync(args[1..]),
        "playground" => await PlaygroundCommand.RunAsync(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: LabPortal.Bench.Portal store [--runs N] [--repeats N] [--point-runs N] | hub [--agents N] [--rate N] [--seconds N] [--batch N] [--spread 0|1] [--warmup N] | playground [--pairs N] [--epochs N]");
        return 2;
    }
}
