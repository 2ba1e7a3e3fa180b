namespace LabPortal.Portal.Storage;

/// <summary>A stored file of a run.</summary>
public sealed record ArtifactInfo(string Name, long Length, DateTime UploadedAt);
