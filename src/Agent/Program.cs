using LabPortal.Agent.Commands;
using LabPortal.Agent.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The agent: connects to a portal and trains the runs it is given (AgentOptions.Usage), or runs one command and exits.
if (args is ["--help" or "-h" or "-?"])
{
    Console.Out.WriteLine(AgentOptions.Usage);
    return 0;
}

if (args is [CheckModelCommand.Name, ..])
{
    return CheckModelCommand.Run(args[1..]);
}

if (args is [TrainCommand.Name, ..])
{
    return TrainCommand.Run(args[1..], Console.Out, Console.Error);
}

if (args is [ScoreCommand.Name, ..])
{
    return ScoreCommand.Run(args[1..], Console.Out, Console.Error);
}

if (args is [DataCommand.Name, ..])
{
    return await DataCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

IHost host;
try
{
    host = Host.CreateApplicationBuilder(args).AddAgent(args).Build();
    host.Services.GetRequiredService<AgentContext>(); // device, models and GPU now, so a bad one is reported here
}
catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"LabPortal agent: {exception.Message}");
    return 2;
}

using (host)
{
    await host.RunAsync();
}

return 0;
