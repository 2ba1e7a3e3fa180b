using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Storage;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Extensions;

/// <summary>What the portal does with its stored data once, before it serves the first request.</summary>
public static class LabStartup
{
    public static void PrepareLab(this WebApplication app)
    {
        var services = app.Services;
        // Configured agent tokens are checked now, so a bad one stops the start instead of the first agent's connection.
        services.GetRequiredService<AgentTokens>();
        // Connections do not survive a restart: agents are offline until they register again.
        services.GetRequiredService<AgentStore>().MarkAllOffline();
        services.GetRequiredService<AccountService>().CreateConfiguredAdmin(services.GetRequiredService<IOptions<LabOptions>>().Value);
        // The demo files are a registered dataset from the first start on.
        services.GetRequiredService<DatasetRegistry>().EnsureDemo();
        // Runs stored before history kept model, task and method get them from their spec.
        services.GetRequiredService<RunHistory>().CopyMissingFacets();
        // History's in-memory index, read before agents connect (at 100,000 runs it takes over a second).
        services.GetRequiredService<RunHistory>().LoadIndex();
        // Run files stored before their ids carried the attempt become their run's current attempt's.
        services.GetRequiredService<ArtifactStore>().AdoptUnversionedFiles();
    }
}
