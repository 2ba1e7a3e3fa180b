using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// The real portal (Program) over a fresh LiteDB file in a temporary folder, with paths resolved against the
/// checkout. <paramref name="localAgents"/> real agent processes are started by the portal itself.
/// </summary>
public sealed class PortalFactory(int localAgents = 0, string agentToken = PortalFactory.TestToken) : WebApplicationFactory<Program>
{
    public const string TestToken = "test-agent-token";

    private readonly string _folder = Directory.CreateTempSubdirectory("labportal-portal-").FullName;

    public string DatabasePath => Path.Combine(_folder, "lab.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lab:DataRoot", RepositoryPaths.Root);
        builder.UseSetting("Lab:DatabasePath", DatabasePath);
        builder.UseSetting("Lab:LocalAgents", localAgents.ToString());
        builder.UseSetting("Lab:AgentToken", agentToken);
        builder.UseSetting("Lab:HeartbeatSeconds", "1");
        builder.UseSetting("Lab:LocalAgentArguments", "--threads 1");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
