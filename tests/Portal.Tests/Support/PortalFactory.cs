using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// The real portal (Program) with paths resolved against the checkout. <paramref name="localAgents"/> real agent
/// processes are started by the portal itself. The LiteDB file is <paramref name="databasePath"/>, which the
/// caller owns, or a fresh file in a temporary folder that goes away with the factory.
/// </summary>
public sealed class PortalFactory(int localAgents = 0, string? databasePath = null) : WebApplicationFactory<Program>
{
    public const string TestToken = "test-agent-token";

    private readonly string? _ownFolder = databasePath is null ? Directory.CreateTempSubdirectory("labportal-portal-").FullName : null;

    public string DatabasePath => databasePath ?? Path.Combine(_ownFolder!, "lab.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lab:DataRoot", RepositoryPaths.Root);
        builder.UseSetting("Lab:DatabasePath", DatabasePath);
        builder.UseSetting("Lab:LocalAgents", localAgents.ToString());
        builder.UseSetting("Lab:AgentToken", TestToken);
        builder.UseSetting("Lab:HeartbeatSeconds", "1");
        builder.UseSetting("Lab:LocalAgentArguments", "--threads 1");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownFolder is not null && Directory.Exists(_ownFolder))
        {
            Directory.Delete(_ownFolder, recursive: true);
        }
    }
}
