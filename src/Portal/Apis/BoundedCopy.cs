namespace LabPortal.Portal.Apis;

/// <summary>Reads a request body whole before anything acts on it, but never more than a limit.</summary>
public static class BoundedCopy
{
    /// <summary>The body in memory, positioned at its start; null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static Task<MemoryStream?> ReadAsync(Stream body, long limit) => CopyAsync(body, limit, new MemoryStream());

    /// <summary>
    /// The body spooled to a temporary file that is deleted when the stream is closed, so a checkpoint of hundreds
    /// of megabytes never sits in memory; null when it is longer than <paramref name="limit"/> bytes.
    /// </summary>
    public static Task<FileStream?> SpoolAsync(Stream body, long limit) => CopyAsync(body, limit, new FileStream(
        Path.Combine(Path.GetTempPath(), $"labportal-upload-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
        FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous));

    private static async Task<T?> CopyAsync<T>(Stream body, long limit, T content) where T : Stream
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (content.Length + read > limit)
            {
                await content.DisposeAsync();
                return null;
            }

            await content.WriteAsync(buffer.AsMemory(0, read));
        }

        content.Position = 0;
        return content;
    }
}
