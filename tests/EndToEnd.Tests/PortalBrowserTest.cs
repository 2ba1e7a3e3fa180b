using LabPortal.Portal.Tests.Support;

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

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await _portal.DisposeAsync();
    }
}
