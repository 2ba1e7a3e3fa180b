using LabPortal.Bench;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services.Datasets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LabPortal.Bench.Portal;

/// <summary>
/// The real portal (its Program) on a real Kestrel port, with a fresh LiteDB file; no local agents, or the given number
/// started from the Release build of src/Agent on 2 threads each.
/// </summary>
public sealed class HarnessPortal(string folder, int localAgents = 0) : WebApplicationFactory<Program>
{
    public const string AgentToken = "bench-agent-token";
    public const string AdminUserName = "admin";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lab:DataRoot", Repository.Root());
        builder.UseSetting("Lab:DatabasePath", Path.Combine(folder, "lab.db"));
        builder.UseSetting("Lab:LocalAgents", $"{localAgents}");
        builder.UseSetting("Lab:LocalAgentPath", Path.Combine(Repository.Root(), "src", "Agent", "bin", "Release", "net10.0", "linux-x64", "LabPortal.Agent.dll"));
        builder.UseSetting("Lab:LocalAgentArguments", "--threads 2");
        builder.UseSetting("Lab:AgentToken", AgentToken);
        builder.UseSetting("Lab:AdminUserName", AdminUserName);
        builder.UseSetting("Lab:AdminPassword", "bench-admin-password");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public Uri Start()
    {
        // Run from anywhere: WebApplicationFactory's own content-root lookup expects to be inside a test project.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LABPORTAL_PORTAL", Path.Combine(Repository.Root(), "src", "Portal"));
        UseKestrel(0);
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public string AdminToken() => Services.GetRequiredService<ApiTokenService>().Issue(AdminUserName, "bench").Token;
}
