using System.Net;
using System.Text.RegularExpressions;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Accounts;

/// <summary>The log-in form posted as a browser posts it (anti-forgery token and cookie included), on the real portal.</summary>
public sealed partial class LoginFormTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_for_a_while_with_a_message_that_says_so()
    {
        using var browser = _portal.CreateAnonymousClient();

        for (var i = 0; i < LoginThrottle.FailuresPerUser; i++)
        {
            Assert.Contains("Wrong user name or password.", await PostLogInAsync(browser, "not the password"));
        }

        var refused = await PostLogInAsync(browser, PortalFactory.AdminPassword);

        Assert.Contains("Too many failed log-ins", refused);
    }

    [Fact]
    public async Task The_right_password_logs_in_and_sets_the_session_cookie()
    {
        using var browser = _portal.CreateAnonymousClient();

        using var response = await PostAsync(browser, PortalFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEmpty(SessionCookie(response));
    }

    [Fact]
    public async Task A_session_survives_a_portal_restart_because_the_cookie_keys_are_kept_beside_the_database()
    {
        var folder = Directory.CreateTempSubdirectory("labportal-restart-").FullName;
        try
        {
            var database = Path.Combine(folder, "lab.db");
            string cookie;
            using (var first = new PortalFactory(databasePath: database))
            {
                using var browser = first.CreateAnonymousClient();
                using var login = await PostAsync(browser, PortalFactory.AdminPassword);
                cookie = SessionCookie(login).Split(';')[0];
            }

            using var second = new PortalFactory(databasePath: database);
            using var client = second.CreateAnonymousClient(handleCookies: false);
            client.DefaultRequestHeaders.Add("Cookie", cookie);

            using var history = await client.GetAsync("/api/history.json");

            Assert.Equal(HttpStatusCode.OK, history.StatusCode);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "keys"), "key-*.xml"));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A disposed portal's last file write can race the delete (CI at load ~8); scratch in /tmp may stay.
            }
        }
    }

    [Fact]
    public async Task Behind_a_tls_proxy_on_the_same_host_the_session_cookie_is_marked_secure()
    {
        var address = _portal.StartOnKestrel();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };

        using var direct = await PostAsync(browser, PortalFactory.AdminPassword);
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var proxied = await PostAsync(browser, PortalFactory.AdminPassword);

        Assert.DoesNotContain("secure", SessionCookie(direct), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", SessionCookie(proxied), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("cross-site", HttpStatusCode.Forbidden, "Queued")]
    [InlineData("same-site", HttpStatusCode.Forbidden, "Queued")]
    [InlineData("same-origin", HttpStatusCode.OK, "Canceled")]
    public async Task A_cancel_another_sites_page_sends_with_the_session_cookie_is_refused_and_the_run_stays_queued(
        string fetchSite, HttpStatusCode expected, string stateAfter)
    {
        using var admin = _portal.CreateClient();
        var runId = await admin.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("csrf target", epochs: 1));
        using var browser = _portal.CreateAnonymousClient();
        using var login = await PostAsync(browser, PortalFactory.AdminPassword);

        using var cancel = new HttpRequestMessage(HttpMethod.Post, $"/api/runs/{runId}/cancel");
        cancel.Headers.Add("Sec-Fetch-Site", fetchSite);
        using var response = await browser.SendAsync(cancel);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(stateAfter, (await admin.GetJsonAsync($"/api/runs/{runId}")).GetProperty("state").GetString());
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("labportal=", StringComparison.Ordinal));

    private static async Task<string> PostLogInAsync(HttpClient browser, string password)
    {
        using var response = await PostAsync(browser, password);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string password)
    {
        var form = await browser.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form).Groups[1].Value;
        return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.UserName"] = PortalFactory.AdminUserName,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public void Dispose() => _portal.Dispose();
}
