namespace LabPortal.Agent.Tests.Models.Packaged;

/// <summary>Tests that share the loaded packaged encoders (loading them takes seconds and ~100 MB each).</summary>
[CollectionDefinition(Name)]
public sealed class PackagedEncoderCollection : ICollectionFixture<PackagedEncoderFixture>
{
    public const string Name = "packaged encoders";
}
