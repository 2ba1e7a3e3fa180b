using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// Extracted packaged weights on disk, so the 90 MB ONNX graph is parsed once per machine rather than per run.
/// Files are <c>&lt;folder&gt;/&lt;model&gt;-&lt;first 16 hex of the package DLL's SHA-256&gt;.safetensors</c>: a new package
/// version gets a new file. The folder is <c>$LABPORTAL_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/labportal/models</c>,
/// else <c>~/.cache/labportal/models</c>. A missing, truncated or corrupt file is rebuilt from the DLL; if the folder
/// cannot be written, the weights are used from memory and a notice says so.
/// </summary>
public sealed class PackagedWeightCache(string directory, Action<string>? notice = null)
{
    public const string DirectoryVariable = "LABPORTAL_MODEL_CACHE";

    // Hashing a 90 MB DLL takes a fraction of a second; remember it per file version within the process.
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> DllHashes = new();

    private readonly Action<string> _notice = notice ?? (message => Console.Error.WriteLine($"LabPortal agent: {message}"));
    private readonly Lock _rebuild = new();

    public static PackagedWeightCache Default { get; } = new(DefaultDirectory());

    public string Directory { get; } = Path.GetFullPath(directory);

    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "labportal", "models");
    }

    public string PathFor(PackagedModel model) => Path.Combine(Directory, $"{model.Name}-{DllHash(model.AssemblyPath)[..16]}.safetensors");

    /// <summary>The model's config: from the cache file's header, or from the ONNX graph (building the cache) when there is none.</summary>
    public BertConfig ReadConfig(PackagedModel model)
    {
        var path = PathFor(model);
        if (TryRead(path, () => WeightCacheFile.ReadConfig(path, DllHash(model.AssemblyPath))) is { } config)
        {
            return config;
        }

        using var rebuilt = Rebuild(model, path);
        return rebuilt.Config;
    }

    /// <summary>Config and weights: from the cache (checksum verified), or extracted from the DLL and cached.</summary>
    public PackagedCheckpoint Load(PackagedModel model)
    {
        var path = PathFor(model);
        return TryRead(path, () => WeightCacheFile.Read(path, DllHash(model.AssemblyPath))) ?? Rebuild(model, path);
    }

    private T? TryRead<T>(string path, Func<T> read) where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return read();
        }
        catch (InvalidDataException exception)
        {
            _notice($"rebuilding the weight cache: {exception.Message}");
            return null;
        }
    }

    private PackagedCheckpoint Rebuild(PackagedModel model, string path)
    {
        lock (_rebuild)
        {
            var checkpoint = OnnxBertWeightReader.Read(model.ReadOnnx(), $"{model.AssemblyPath} ({model.ResourcePrefix}model.onnx)");
            try
            {
                WeightCacheFile.Write(path, checkpoint, DllHash(model.AssemblyPath));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _notice($"could not write the weight cache {path} ({exception.Message}); set {DirectoryVariable} to a writable folder. Using the weights from memory.");
            }

            return checkpoint;
        }
    }

    private static string DllHash(string assemblyPath)
    {
        var file = new FileInfo(assemblyPath);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The model package file {assemblyPath} is missing (it is copied to the agent's output at build).", assemblyPath);
        }

        return DllHashes.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), key =>
        {
            using var stream = File.OpenRead(key.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
