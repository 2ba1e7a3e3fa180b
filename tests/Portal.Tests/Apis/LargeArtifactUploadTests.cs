using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

/// <summary>
/// Artifact uploads on real Kestrel, whose default body limit (30,000,000 bytes) is below what a full fine-tuning
/// checkpoint of MiniLM needs: the portal's own limit (Lab:MaxArtifactBytes) is the one that applies.
/// </summary>
public sealed class LargeArtifactUploadTests : IDisposable
{
    private const int CheckpointBytes = 40_000_000;

    private readonly PortalFactory _portal = new();

    [Fact]
    public async Task A_checkpoint_larger_than_kestrels_default_body_limit_is_stored_whole_and_reads_back_identical()
    {
        var address = _portal.StartOnKestrel();
        var (runId, attempt) = _portal.StartRunOn("agent-7");
        var checkpoint = new byte[CheckpointBytes];
        new Random(7).NextBytes(checkpoint);
        using var agent = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.TestToken);

        using var upload = await agent.PutAsync(
            ArtifactNames.UploadPath(runId, attempt, ArtifactNames.Checkpoint) + "?agentId=agent-7", new ByteArrayContent(checkpoint));

        Assert.Equal(HttpStatusCode.NoContent, upload.StatusCode);
        await using var stored = _portal.Services.GetRequiredService<ArtifactStore>().Open(runId, ArtifactNames.Checkpoint)!;
        Assert.Equal(SHA256.HashData(checkpoint), await SHA256.HashDataAsync(stored));
    }

    public void Dispose() => _portal.Dispose();
}
