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

/// <summary>The real portal (its Program) on a real Kestrel port, with a fresh LiteDB file and no local agents.</summary>
public sealed class HarnessPortal(string folder) : WebApplicationFactory<Program>
{
    public const string AgentToken = "bench-agent-token";
    public const string AdminUserName = "admin";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Lab:DataRoot", Repository.Root());
        builder.UseSetting("Lab:DatabasePath", Path.Combine(folder, "lab.db"));
        builder.UseSetting("Lab:LocalAgents", "0");
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
