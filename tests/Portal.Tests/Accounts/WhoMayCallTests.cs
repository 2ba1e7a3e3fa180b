using System.Net;
using System.Net.Http.Headers;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Accounts;

/// <summary>
/// Every endpoint and page the portal maps, called with the agent token a GPU host holds: only the agent's own
/// endpoints let it through. A new endpoint is covered by the fallback "people only" policy without being listed.
/// </summary>
public sealed class WhoMayCallTests : IAsyncDisposable
{
    private readonly PortalFactory _portal = new();

    /// <summary>
    /// What an agent process needs: the hub (and its SignalR negotiation), uploading artifacts, and reading a run's
    /// file (a checkpoint to resume, an adapter to score in the playground).
    /// </summary>
    private static readonly string[] AgentRoutes =
    [
        AgentHubRoutes.Path,
        AgentHubRoutes.Path + "/negotiate",
        "/api/agent/runs/{runId:int}/attempts/{attempt:int}/artifacts/{name}",
        "/api/runs/{runId:int}/artifacts/{name}",
    ];

    [Fact]
    public async Task An_agent_token_is_refused_by_every_endpoint_and_page_except_the_agents_own()
    {
        using var agent = _portal.CreateDefaultClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.TestToken);

        var letThrough = new List<string>();
        var checkedRoutes = 0;
        foreach (var (route, method) in ProtectedEndpoints())
        {
            using var response = await agent.SendAsync(new HttpRequestMessage(new HttpMethod(method), Fill(route)));
            checkedRoutes++;
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
            {
                letThrough.Add($"{method} {route.RawText}");
            }
        }

        Assert.True(checkedRoutes > 40, $"only {checkedRoutes} endpoints were found; the enumeration is broken");
        Assert.Equal(AgentRoutes.Order(), letThrough.Select(r => r[(r.IndexOf(' ') + 1)..]).Distinct().Order());
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_not_read_anywhere_because_urls_end_up_in_logs()
    {
        using var client = _portal.CreateAnonymousClient();
        var negotiate = AgentHubRoutes.Path + "/negotiate?negotiateVersion=1";

        using var inQuery = await client.PostAsync($"{negotiate}&access_token={PortalFactory.TestToken}", content: null);
        using var page = await client.GetAsync($"/history?access_token={PortalFactory.TestToken}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.TestToken);
        using var inHeader = await client.PostAsync(negotiate, content: null);

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, inHeader.StatusCode);
    }

    [Fact]
    public void Every_page_asks_for_a_person_inside_a_live_circuit_too_except_log_in_and_set_up()
    {
        var pages = typeof(Program).Assembly.GetTypes().Where(t => t.GetCustomAttributes(typeof(RouteAttribute), false).Length > 0).ToList();

        var open = pages.Where(p => p.GetCustomAttributes(typeof(AllowAnonymousAttribute), true).Length > 0).Select(p => p.Name).Order();
        var unguarded = pages.Where(p => p.GetCustomAttributes(typeof(AllowAnonymousAttribute), true).Length == 0
            && !p.GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Any(a => a.Policy == LabAuthentication.PeoplePolicy));

        Assert.True(pages.Count > 10, $"only {pages.Count} pages found");
        Assert.Equal(["Login", "Setup"], open);
        Assert.Empty(unguarded.Select(p => p.Name));
    }

    [Fact]
    public async Task A_members_api_token_still_reaches_the_people_endpoints_but_not_the_agent_hub()
    {
        using var member = _portal.CreateClientAs("member-1", "member");

        using var history = await member.GetAsync("/api/history.json");
        using var negotiate = await member.PostAsync(AgentHubRoutes.Path + "/negotiate?negotiateVersion=1", content: null);

        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    /// <summary>Every route and method that is not open to anonymous callers (static files, health, log-in).</summary>
    private IEnumerable<(RoutePattern Route, string Method)> ProtectedEndpoints()
    {
        var endpoints = _portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Distinct())
            {
                yield return (endpoint.RoutePattern, method);
            }
        }
    }

    /// <summary>A concrete path the pattern matches (an unmatched one would answer 404 and count as let through).</summary>
    private static string Fill(RoutePattern route) => "/" + string.Join('/', route.PathSegments.Select(segment =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart { Name: "format" } => "csv",
            RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? "1" : "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    public async ValueTask DisposeAsync() => await _portal.DisposeAsync();
}
