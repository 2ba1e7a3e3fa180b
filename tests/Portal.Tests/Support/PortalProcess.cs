using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// The portal as its own process (so a test can kill it outright and start it again on the same port and
/// database file), without local agents. The database is prepared beforehand with an admin and an API token.
/// </summary>
public sealed class PortalProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private PortalProcess(string databasePath, string apiToken, IReadOnlyDictionary<string, string> settings)
    {
        DatabasePath = databasePath;
        ApiToken = apiToken;
        _settings = settings;
        Address = new Uri($"http://127.0.0.1:{FreePort()}");
    }

    public Uri Address { get; }

    public string DatabasePath { get; }

    public string ApiToken { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// Creates the database with an admin and a token for the API, then starts the portal on it; <paramref name="settings"/>
    /// are Lab options by name (for example LeaseSeconds).
    /// </summary>
    public static async Task<PortalProcess> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        string token;
        using (var db = new LabDatabase(databasePath))
        {
            new AccountService(db, TimeProvider.System).CreateUser(PortalFactory.AdminUserName, PortalFactory.AdminPassword, UserRoles.Admin);
            token = new ApiTokenService(db, TimeProvider.System).Issue(PortalFactory.AdminUserName, "tests").Token;
        }

        var portal = new PortalProcess(databasePath, token, settings ?? new Dictionary<string, string>());
        await portal.RestartAsync();
        return portal;
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine loses power or the OOM killer strikes.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    /// <summary>Starts the portal (again) and waits until it answers its health check.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(PortalDll());
        start.WorkingDirectory = Path.GetDirectoryName(PortalDll())!;
        start.Environment["Urls"] = Address.ToString();
        start.Environment["Lab__DataRoot"] = RepositoryPaths.Root;
        start.Environment["Lab__DatabasePath"] = DatabasePath;
        start.Environment["Lab__LocalAgents"] = "0";
        start.Environment["Lab__AgentToken"] = PortalFactory.TestToken;
        start.Environment["Lab__HeartbeatSeconds"] = "1";
        foreach (var (name, value) in _settings)
        {
            start.Environment[$"Lab__{name}"] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await probe.GetAsync("/api/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The portal did not become ready at {Address}:\n{Output}");
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
        }

        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static string PortalDll()
    {
        var bin = Path.Combine(RepositoryPaths.Root, "src", "Portal", "bin");
        return Directory.EnumerateFiles(bin, "LabPortal.Portal.dll", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}ref{Path.DirectorySeparatorChar}"))
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault() ?? throw new InvalidOperationException($"LabPortal.Portal.dll not found under {bin}: build src/Portal.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
