namespace LabPortal.Agent.Tests;

/// <summary>A scratch folder for one test, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "labportal-agent-tests-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string content, bool byteOrderMark = false)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content, new System.Text.UTF8Encoding(byteOrderMark));
        return file;
    }

    /// <summary>Writes the header and the first <paramref name="rows"/> data rows of a real file.</summary>
    public string WriteSlice(string name, string source, int rows, int skip = 0)
    {
        var lines = File.ReadLines(source).ToList();
        return Write(name, string.Join('\n', lines.Take(1).Concat(lines.Skip(1 + skip).Take(rows))) + "\n");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
