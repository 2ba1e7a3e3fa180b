using LabPortal.Portal.Accounts;
using LabPortal.Portal.Apis;
using LabPortal.Portal.Components;
using LabPortal.Portal.Extensions;
using LabPortal.Portal.Hubs;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.HttpOverrides;

var builder = WebApplication.CreateBuilder(args);
// Serve MudBlazor's files from the package cache when running from a build (not only in Development).
builder.WebHost.UseStaticWebAssets();
builder.AddPortalServices();

var app = builder.Build();

app.PrepareLab();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// Behind the documented TLS proxy on the same host: its X-Forwarded-Proto makes the cookie Secure and links https.
// A proxy elsewhere is trusted with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (README, "Behind a proxy").
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
app.UseErrorAnswers();
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
app.MapScoreApi();
app.MapAgentApi();
app.MapDatasetApi();
app.MapExportApi();
app.MapHub<AgentHub>(AgentHubRoutes.Path);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
