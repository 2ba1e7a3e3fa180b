using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.EndToEnd.Tests;

/// <summary>
/// A real portal on Kestrel with one local agent process, and a headless chromium to look at it,
/// logged in as the portal's admin unless <see cref="LogInFirst"/> says otherwise.
/// </summary>
public abstract class PortalBrowserTest : IAsyncLifetime
{
    private readonly PortalFactory _portal = new(localAgents: 1);

    protected Uri Address { get; private set; } = default!;

    protected BrowserSession Browser { get; private set; } = default!;

    protected virtual bool LogInFirst => true;

    public async Task InitializeAsync()
    {
        Address = _portal.StartOnKestrel();
        Browser = await BrowserSession.StartAsync();
        if (LogInFirst)
        {
            await Browser.LogInAsync(Address, PortalFactory.AdminUserName, PortalFactory.AdminPassword);
        }
    }

    /// <summary>A JSON API client acting as the admin (through a personal API token).</summary>
    protected HttpClient CreateApiClient() => _portal.CreateKestrelClient(Address);

    /// <summary>Launches a short demo experiment through the API (as a script would) and gives its run ids.</summary>
    protected async Task<IReadOnlyList<int>> LaunchDemoAsync(string name, MethodKind method, params int[] seeds)
    {
        using var client = CreateApiClient();
        var request = new ExperimentRequest
        {
            Name = name,
            Seeds = seeds,
            Spec = new ExperimentSpec
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Kind = method },
                Training = new TrainingSpec { Epochs = 1, BatchSize = 32, MaxLength = 32 },
            },
        };
        var response = await client.PostAsJsonAsync("/api/experiments", request, LabJson.Options);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("runIds").EnumerateArray().Select(id => id.GetInt32()).ToList();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await _portal.DisposeAsync();
    }
}
