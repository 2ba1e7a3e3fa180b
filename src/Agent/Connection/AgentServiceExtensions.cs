using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace LabPortal.Agent.Connection;

public static class AgentServiceExtensions
{
    /// <summary>Reads the options and threads, and registers the agent's context (built on first use), the worker and the parent watcher.</summary>
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

        builder.Services.AddSingleton(options);
        // Built when the host first asks for it (Program resolves it right after Build, to report a bad device cleanly).
        builder.Services.AddSingleton(_ => AgentContext.Create(options));
        builder.Services.AddHostedService<ParentProcessWatcher>();
        builder.Services.AddHostedService<AgentWorker>();
        return builder;
    }
}
