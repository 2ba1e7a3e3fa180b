using LabPortal.Portal.Accounts;
using LabPortal.Portal.Apis;
using LabPortal.Portal.Components;
using LabPortal.Portal.Extensions;
using LabPortal.Portal.Hubs;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
// Serve MudBlazor's files from the package cache when running from a build (not only in Development).
builder.WebHost.UseStaticWebAssets();
builder.AddPortalServices();

var app = builder.Build();

// Configured agent tokens are checked now, so a bad one stops the start instead of the first agent's connection.
app.Services.GetRequiredService<AgentTokens>();
// Connections do not survive a restart: agents are offline until they register again.
app.Services.GetRequiredService<AgentStore>().MarkAllOffline();
app.Services.GetRequiredService<AccountService>().CreateConfiguredAdmin(app.Services.GetRequiredService<IOptions<LabOptions>>().Value);
// The demo files are a registered dataset from the first start on.
app.Services.GetRequiredService<DatasetRegistry>().EnsureDemo();
// Runs stored before history kept model, task and method get them from their spec.
app.Services.GetRequiredService<RunHistory>().CopyMissingFacets();
// Run files stored before their ids carried the attempt become their run's current attempt's.
app.Services.GetRequiredService<ArtifactStore>().AdoptUnversionedFiles();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// Behind the documented TLS proxy on the same host: its X-Forwarded-Proto makes the cookie Secure and links https.
// A proxy elsewhere is trusted with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (README, "Behind a proxy").
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
app.UseStatusCodePages();
app.UseCrossSiteApiGuard();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHealthApi();
app.MapLabApi();
app.MapArtifactApi();
app.MapAccountApi();
app.MapAgentTokenApi();
app.MapQueueApi();
app.MapAgentApi();
app.MapDatasetApi();
app.MapExportApi();
app.MapHub<AgentHub>(AgentHubRoutes.Path);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
