namespace LabPortal.Portal.Services.Datasets;

/// <summary>The folder that relative dataset and database paths resolve against (see <see cref="DataRootResolver"/>).</summary>
public sealed record DataRoot(string Path)
{
    public string Resolve(string path) => System.IO.Path.GetFullPath(path, Path);
}
