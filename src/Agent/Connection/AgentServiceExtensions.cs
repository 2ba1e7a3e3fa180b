using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace LabPortal.Agent.Connection;

public static class AgentServiceExtensions
{
    /// <summary>Reads the options, settles identity, device and threads, and registers the worker and the parent watcher.</summary>
    public static HostApplicationBuilder AddAgent(this HostApplicationBuilder builder, string[] args)
    {
        builder.Configuration.AddEnvironmentVariables(AgentOptions.EnvironmentPrefix).AddCommandLine(args, AgentOptions.SwitchMappings);
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration["log_format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            // One JSON object per line, for log collectors (the container images use this).
            builder.Logging.AddJsonConsole(console => console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        // Longer than the worker's grace, so the host lets the run be handed back before it gives up on the worker.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = AgentWorker.ShutdownGrace + TimeSpan.FromSeconds(15));
        // The SignalR client can log URLs that carry the access token at debug level: keep framework logs to warnings.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var options = AgentOptions.Read(builder.Configuration);
        if (options.Threads is { } threads)
        {
            TorchSharp.torch.set_num_threads(threads);
        }

        var device = DeviceSelector.Resolve(options.Device);
        var dataRoot = new DataRoot(options.DataRoot);
        // Specs may name a checkpoint folder as their model; like dataset paths, it is relative to the data root.
        var catalogue = ModelCatalogue.Default.WithDataRoot(dataRoot);
        var trainer = new Trainer(catalogue, TimeProvider.System);
        // Described once (the first start also extracts the packaged weights into the cache).
        var models = catalogue.Describe((name, error) => Console.Error.WriteLine($"Model '{name}' is not offered: {error.Message}"));
        var gpu = device.type == TorchSharp.DeviceType.CUDA ? GpuDescription.Query(device.index < 0 ? 0 : device.index) : null;
        var context = new AgentContext(AgentIdentity.Resolve(options.AgentId, device.ToString()), device, gpu, dataRoot, trainer.Train, models, catalogue);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(context);
        builder.Services.AddHostedService<ParentProcessWatcher>();
        builder.Services.AddHostedService<AgentWorker>();
        return builder;
    }
}
