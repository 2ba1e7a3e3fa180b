using LabPortal.Agent.Commands;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Commands;

public sealed class TrainingSliceTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_slice_keeps_the_header_and_n_rows_and_a_cola_slice_n_rows_since_cola_has_no_header()
    {
        var qqp = _temp.Write("qqp.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n0\t1\t2\tA?\tB?\t1\n1\t3\t4\tC?\tD?\t0\n2\t5\t6\tE?\tF?\t0\n");
        var cola = _temp.Write("cola.tsv", "gj04\t1\t\tOne.\ngj04\t0\t*\tTwo.\ngj04\t1\t\tThree.\n");

        var qqpSlice = TrainingSlice.Write(qqp, new DatasetSpec { Task = TaskKind.Qqp }, rows: 2, Path.Combine(_temp.Path, "a"));
        var colaSlice = TrainingSlice.Write(cola, new DatasetSpec { Task = TaskKind.Cola }, rows: 2, Path.Combine(_temp.Path, "b"));

        Assert.Equal(3, File.ReadAllLines(qqpSlice).Length);
        Assert.Equal(["gj04\t1\t\tOne.", "gj04\t0\t*\tTwo."], File.ReadAllLines(colaSlice));
    }
}
