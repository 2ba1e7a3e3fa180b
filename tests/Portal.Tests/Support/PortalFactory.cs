using System.Net.Http.Headers;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services.Datasets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// The real portal (Program) with paths resolved against the checkout. <paramref name="localAgents"/> real agent
/// processes are started by the portal itself. The LiteDB file is <paramref name="databasePath"/>, which the
/// caller owns, or a fresh file in a temporary folder that goes away with the factory. <paramref name="settings"/> override
/// the test defaults (for example a lower limit).
/// </summary>
public sealed class PortalFactory(int localAgents = 0, string? databasePath = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string TestToken = "test-agent-token";

    /// <summary>The admin the portal creates from its settings; clients from this factory act as this user.</summary>
    public const string AdminUserName = "admin";

    public const string AdminPassword = "admin-password";

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
        builder.UseSetting("Lab:AdminUserName", AdminUserName);
        builder.UseSetting("Lab:AdminPassword", AdminPassword);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Clients act as the admin through a personal API token, as a script would.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        Authorize(client, AdminUserName);
    }

    /// <summary>An HTTP client for the portal on Kestrel (see StartOnKestrel), acting as the admin.</summary>
    public HttpClient CreateKestrelClient(Uri address) => Authorize(new HttpClient { BaseAddress = address }, AdminUserName);

    /// <summary>A client acting as <paramref name="userName"/>, created with <paramref name="role"/> if new.</summary>
    public HttpClient CreateClientAs(string userName, string role)
    {
        var accounts = Services.GetRequiredService<AccountService>();
        if (accounts.Find(userName) is null)
        {
            var created = accounts.CreateUser(userName, userName + "-password", role);
            Assert.True(created.Succeeded, created.Error);
        }

        return Authorize(CreateDefaultClient(), userName);
    }

    /// <summary>A client that presents no credentials, as a browser before log-in does (redirects not followed).</summary>
    public HttpClient CreateAnonymousClient(bool handleCookies = true)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = handleCookies });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    public string IssueToken(string userName) => Services.GetRequiredService<ApiTokenService>().Issue(userName, "tests").Token;

    private HttpClient Authorize(HttpClient client, string userName)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IssueToken(userName));
        return client;
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
