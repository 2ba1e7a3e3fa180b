using Bunit;
using Bunit.TestDoubles;
using LabPortal.Portal.Accounts;
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
        Auth = AddAuthorization();
        Auth.SetAuthorized(UserName);
        Auth.SetRoles(UserRoles.Member);
    }

    /// <summary>The signed-in person the pages see (a member unless a test changes the roles).</summary>
    protected const string UserName = "tester";

    protected BunitAuthorizationContext Auth { get; }

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
