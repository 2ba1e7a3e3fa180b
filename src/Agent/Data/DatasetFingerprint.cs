using System.Security.Cryptography;

namespace LabPortal.Agent.Data;

/// <summary>
/// SHA-256 over the bytes of the training and validation files, so a re-run can check it sees the same data.
/// Each file is hashed on its own and the two digests are hashed together, so the boundary between the
/// files counts too.
/// </summary>
public static class DatasetFingerprint
{
    public static string Compute(string trainPath, string validationPath)
    {
        var combined = new byte[2 * SHA256.HashSizeInBytes];
        HashFile(trainPath).CopyTo(combined, 0);
        HashFile(validationPath).CopyTo(combined, SHA256.HashSizeInBytes);
        return Convert.ToHexStringLower(SHA256.HashData(combined));
    }

    private static byte[] HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return SHA256.HashData(stream);
    }
}
