using LabPortal.Agent.Data;

namespace LabPortal.Agent.Tests.Data;

public sealed class DatasetFingerprintTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_fingerprint_is_a_stable_sha256_hex_string()
    {
        var first = DatasetFingerprint.Compute(TestPaths.QqpTrain, TestPaths.QqpDev);
        var second = DatasetFingerprint.Compute(TestPaths.QqpTrain, TestPaths.QqpDev);

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Changing_one_byte_of_either_file_changes_the_fingerprint()
    {
        var train = _temp.Write("train.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n0\t1\t2\tA?\tB?\t1\n");
        var dev = _temp.Write("dev.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n0\t1\t2\tC?\tD?\t0\n");
        var before = DatasetFingerprint.Compute(train, dev);

        _temp.Write("dev.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n0\t1\t2\tC?\tD?\t1\n");
        var afterDevChange = DatasetFingerprint.Compute(train, dev);

        Assert.NotEqual(before, afterDevChange);
        Assert.NotEqual(before, DatasetFingerprint.Compute(dev, train));
    }
}
