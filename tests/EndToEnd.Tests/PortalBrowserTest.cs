using LabPortal.Portal.Tests.Support;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A real portal on Kestrel with one local agent process, and a headless chromium to look at it.</summary>
public abstract class PortalBrowserTest : IAsyncLifetime
{
    private readonly PortalFactory _portal = new(localAgents: 1);

    protected Uri Address { get; private set; } = default!;

    protected BrowserSession Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Address = _portal.StartOnKestrel();
        Browser = await BrowserSession.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await _portal.DisposeAsync();
    }
}
