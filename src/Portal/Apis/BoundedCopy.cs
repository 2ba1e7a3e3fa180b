namespace LabPortal.Portal.Apis;

/// <summary>Reads a request body into memory, but never more than a limit.</summary>
public static class BoundedCopy
{
    /// <summary>The body, positioned at its start; null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<MemoryStream?> ReadAsync(Stream body, long limit)
    {
        var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (content.Length + read > limit)
            {
                await content.DisposeAsync();
                return null;
            }

            content.Write(buffer, 0, read);
        }

        content.Position = 0;
        return content;
    }
}
