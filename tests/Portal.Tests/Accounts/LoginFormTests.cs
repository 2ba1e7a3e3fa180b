using System.Net;
using System.Text.RegularExpressions;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LabPortal.Portal.Tests.Accounts;

/// <summary>The log-in form posted as a browser posts it (anti-forgery token and cookie included), on the real portal.</summary>
public sealed partial class LoginFormTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_for_a_while_with_a_message_that_says_so()
    {
        using var browser = _portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Authorization = null;

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
        using var browser = _portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Authorization = null;

        using var response = await PostAsync(browser, PortalFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("labportal=", StringComparison.Ordinal));
    }

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
