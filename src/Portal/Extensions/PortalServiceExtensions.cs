using System.Text.Json.Serialization;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Hubs;
using LabPortal.Portal.LocalAgents;
using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services.Compare;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services.Playground;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Validation;
using LabPortal.Shared;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace LabPortal.Portal.Extensions;

public static class PortalServiceExtensions
{
    /// <summary>Registers storage, the hub, the scheduler, local agents and the UI.</summary>
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<LabOptions>(builder.Configuration.GetSection(LabOptions.Section));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataRoot(DataRootResolver.Resolve(
            sp.GetRequiredService<IOptions<LabOptions>>().Value.DataRoot, builder.Environment.ContentRootPath)));
        services.AddSingleton(sp => new LabDatabase(sp.GetRequiredService<DataRoot>().Resolve(
            sp.GetRequiredService<IOptions<LabOptions>>().Value.DatabasePath)));
        services.AddSingleton<ExperimentStore>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<AgentStore>();
        services.AddSingleton<MetricStore>();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<RunLogStore>();
        services.AddSingleton<DatasetStore>();

        services.AddSingleton<LiveUpdates>();
        services.AddSingleton<SchedulerSignal>();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<IDatasetFiles, PortalDatasetFiles>();
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<ExperimentList>();
        services.AddSingleton<ModelChoices>();
        services.AddSingleton<IAgentCommands, HubAgentCommands>();
        services.AddSingleton<RunControl>();
        services.AddSingleton<RunView>();
        services.AddSingleton<AgentAdministration>();
        services.AddSingleton<AgentStatus>();
        services.AddSingleton<IAgentCalls, HubAgentCalls>();
        services.AddSingleton<PairScoring>();
        services.AddSingleton<DatasetRegistry>();
        services.AddSingleton<RunHistory>();
        services.AddSingleton<RunSelection>();
        services.AddHostedService<RunScheduler>();
        services.AddSingleton<RunLeases>();
        services.AddHostedService<LeaseMonitor>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LabOptions>>().Value;
            return new AgentTokens(
                options.AgentToken, sp.GetRequiredService<LabDatabase>(), sp.GetRequiredService<TimeProvider>(), options.AgentTokens);
        });
        services.AddLabAuthentication();
        // Cookie and anti-forgery keys live beside the database, so a restarted container does not log everyone out.
        services.AddDataProtection().SetApplicationName("LabPortal");
        services.AddOptions<KeyManagementOptions>().Configure<DataRoot, IOptions<LabOptions>, ILoggerFactory>((keys, root, options, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(KeyFolder(root, options.Value), logs));
        services.AddSignalR(o => o.AddFilter<RejectedReportFilter>())
            // NaN and ±Infinity ("NaN" literals) are read so the report rules refuse them by name, not the binder anonymously.
            .AddJsonProtocol(o => LabJson.Configure(o.PayloadSerializerOptions).NumberHandling |= JsonNumberHandling.AllowNamedFloatingPointLiterals)
            .AddHubOptions<AgentHub>(o =>
            {
                o.AddFilter<AgentConnectionGuard>();
                o.MaximumReceiveMessageSize = builder.Configuration.GetValue($"{LabOptions.Section}:{nameof(LabOptions.MaxAgentMessageBytes)}", new LabOptions().MaxAgentMessageBytes);
            });
        services.AddSingleton<RejectedReportFilter>();
        services.AddSingleton<AgentConnectionGuard>();
        services.AddHostedService<LocalAgentLauncher>();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => LabJson.Configure(o.SerializerOptions));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    /// <summary>The data-protection key folder: "keys" beside the LiteDB file.</summary>
    public static DirectoryInfo KeyFolder(DataRoot root, LabOptions options) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(root.Resolve(options.DatabasePath)))!, "keys"));
}
