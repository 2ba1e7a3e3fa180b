using System.Net;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;

namespace LabPortal.Portal.Tests.Apis;

public sealed class PortalAddressTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    public void Dispose() => _portal.Dispose();

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/experiments/not-a-number")]
    public async Task An_unknown_page_answers_404_with_the_portals_own_page_naming_the_address_rather_than_json(string address)
    {
        using var client = _portal.CreateClientAs("reader", UserRoles.Member);

        using var answer = await client.GetAsync(address);
        var body = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"No page at {address}", body);
        Assert.Matches("<a [^>]*href=\"/\"[^>]*>home page</a>", body);
        // In the app's layout, once: its bar and menu are there, not a bare message.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(body, "data-testid=\"signed-in-user\""));
        Assert.Contains("href=\"/runs\"", body);
    }

    [Fact]
    public async Task An_unknown_api_path_answers_problem_json_even_when_a_browser_asks_for_html()
    {
        using var client = _portal.CreateClientAs("reader", UserRoles.Member);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/no-such");
        request.Headers.Accept.ParseAdd("text/html");

        using var answer = await client.SendAsync(request);
        var body = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.NotEqual("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("No page at", body);
    }

    [Fact]
    public async Task An_unknown_api_path_still_answers_404_as_problem_json_for_scripts()
    {
        using var client = _portal.CreateClientAs("reader", UserRoles.Member);

        using var answer = await client.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_refused_agent_connection_keeps_its_401_rather_than_becoming_the_not_found_page()
    {
        using var anonymous = _portal.CreateAnonymousClient();

        using var answer = await anonymous.PostAsync($"{AgentHubRoutes.Path}/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.DoesNotContain("No page at", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_names_the_portals_icon_and_the_icon_is_served_before_log_in()
    {
        using var client = _portal.CreateClientAs("reader", UserRoles.Member);
        using var anonymous = _portal.CreateAnonymousClient();

        var page = await client.GetStringAsync("/runs");
        var href = System.Text.RegularExpressions.Regex.Match(page, "<link rel=\"icon\"[^>]*href=\"([^\"]+)\"").Groups[1].Value;
        using var icon = await anonymous.GetAsync("/" + href.TrimStart('/'));

        Assert.StartsWith("favicon", href);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }
}
