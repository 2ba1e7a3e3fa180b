using System.Net;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

public sealed class HealthApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();

    [Fact]
    public async Task Readiness_answers_200_while_the_database_reads()
    {
        using var anonymous = _portal.CreateAnonymousClient();

        using var ready = await anonymous.GetAsync("/api/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_makes_readiness_503_without_telling_anonymous_callers_its_internals()
    {
        using var anonymous = _portal.CreateAnonymousClient();
        _portal.Services.GetRequiredService<LabDatabase>().Dispose();

        using var ready = await anonymous.GetAsync("/api/health/ready");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("the database cannot be read", body);
        Assert.DoesNotContain(Path.GetFileName(_portal.DatabasePath), body);
        Assert.DoesNotContain("Exception", body);
    }

    public void Dispose() => _portal.Dispose();
}
