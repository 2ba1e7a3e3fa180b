using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// A bUnit context with MudBlazor and the portal's services over a <see cref="TestLab"/>.
/// Disposed asynchronously because some MudBlazor services only implement IAsyncDisposable.
/// </summary>
public abstract class PageTest : BunitContext, IAsyncLifetime
{
    protected PageTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Lab.AddTo(Services);
    }

    protected TestLab Lab { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Lab.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        // Everything is released in DisposeAsync; the synchronous path would fail on MudBlazor's services.
    }
}
