using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Accounts;

/// <summary>Who may do what through the API and the pages, checked on the real portal.</summary>
public sealed class AccountApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    /// <summary>A client that presents no credentials (the factory's clients act as the admin by default).</summary>
    private HttpClient Anonymous() => _portal.CreateAnonymousClient();

    private static ExperimentRequest DemoRequest() => new()
    {
        Name = "who ran this",
        Spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
            Method = new MethodSpec { Kind = MethodKind.Full },
            Training = new TrainingSpec { Epochs = 1 },
        },
    };

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/agents")]
    [InlineData("/api/experiments/1")]
    [InlineData("/api/runs/1/artifacts")]
    public async Task The_api_answers_401_to_a_request_without_credentials(string path)
    {
        using var client = Anonymous();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_open_so_load_balancers_can_probe_it()
    {
        using var client = Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task A_page_request_without_a_cookie_is_sent_to_the_log_in_page()
    {
        var client = _portal.CreateAnonymousClient();

        var response = await client.GetAsync("/runs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task An_experiment_submitted_with_a_members_token_records_that_member_on_the_experiment_and_its_runs()
    {
        using var member = _portal.CreateClientAs("dana", UserRoles.Member);

        var response = await member.PostAsJsonAsync("/api/experiments", DemoRequest(), LabJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var experiment = await member.GetJsonAsync($"/api/experiments/{created.GetProperty("experimentId").GetInt32()}");
        Assert.Equal("dana", experiment.GetProperty("createdBy").GetString());
        var run = await member.GetJsonAsync($"/api/runs/{created.GetProperty("runIds")[0].GetInt32()}");
        Assert.Equal("dana", run.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task A_member_cannot_list_or_add_users_but_an_admin_can()
    {
        using var member = _portal.CreateClientAs("dana", UserRoles.Member);
        using var admin = _portal.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/users")).StatusCode);
        var refused = await member.PostAsJsonAsync("/api/users", new { userName = "eve", password = "eve-password", role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var added = await admin.PostAsJsonAsync("/api/users", new { userName = "erin", password = "erin-password", role = "member" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var users = await admin.GetJsonAsync("/api/users");
        Assert.Equal(["admin", "dana", "erin"], users.EnumerateArray().Select(u => u.GetProperty("userName").GetString()!).ToArray());
    }

    [Fact]
    public async Task Adding_a_user_with_a_short_password_answers_400_naming_the_problem()
    {
        using var admin = _portal.CreateClient();

        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "erin", password = "short", role = "member" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 8 characters", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_revoked_token_is_refused_on_the_next_request()
    {
        using var admin = _portal.CreateClient();
        var issued = await (await admin.PostAsJsonAsync("/api/tokens", new { name = "ci" })).Content.ReadFromJsonAsync<JsonElement>();
        using var script = Anonymous();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/runs")).StatusCode);

        var revoked = await admin.DeleteAsync($"/api/tokens/{issued.GetProperty("id").GetInt32()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task An_agent_token_cannot_submit_experiments_as_if_it_were_a_person()
    {
        using var agent = Anonymous();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.TestToken);

        var response = await agent.PostAsJsonAsync("/api/experiments", DemoRequest(), LabJson.Options);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    public void Dispose() => _portal.Dispose();
}
