using LabPortal.Agent.Commands;
using LabPortal.Agent.Connection;
using Microsoft.Extensions.Hosting;

// The agent: connects to a portal and trains the runs it is given.
// Usage: LabPortal.Agent --portal URL --token T [--agent-id ID] [--data-root DIR] [--parent-pid PID] [--threads N] [--device auto|cpu|cuda:N] [--log-format text|json]
//        LabPortal.Agent check-model --model NAME [--pairs N] [--threads N] [--data FILE]   (compare with ONNX Runtime, then exit)
//        LabPortal.Agent train --task qqp --train-file F --validation-file F --model NAME --method M [...]   (see TrainOptions)
if (args is [CheckModelCommand.Name, ..])
{
    return CheckModelCommand.Run(args[1..]);
}

if (args is [TrainCommand.Name, ..])
{
    return TrainCommand.Run(args[1..], Console.Out, Console.Error);
}

HostApplicationBuilder builder;
try
{
    builder = Host.CreateApplicationBuilder(args).AddAgent(args);
}
catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"LabPortal agent: {exception.Message}");
    return 2;
}

using var host = builder.Build();
await host.RunAsync();
return 0;
