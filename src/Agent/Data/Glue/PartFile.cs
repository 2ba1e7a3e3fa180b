using System.Text;

namespace LabPortal.Agent.Data.Glue;

/// <summary>
/// A file written under "NAME.part" beside its final name and moved into place only when complete, so an interrupted
/// download never leaves a half file under the real name. Disposing deletes what was not moved.
/// </summary>
public sealed class PartFile(string target) : IDisposable
{
    public string Target { get; } = target;

    /// <summary>A fixed name, so an interrupted run's leftover is overwritten by the next instead of piling up.</summary>
    public string Path { get; } = target + ".part";

    public FileStream Create() => File.Create(Path);

    /// <summary>UTF-8 without a byte-order mark and "\n" line ends, as the GLUE files are.</summary>
    public StreamWriter CreateText() => new(Create(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };

    /// <summary>Renames the finished file to its real name (the same folder, so the rename is atomic).</summary>
    public void MoveIntoPlace(bool overwrite) => File.Move(Path, Target, overwrite);

    public void Dispose() => File.Delete(Path);
}
