using TorchSharp;

namespace LabPortal.Agent.Tests.Native;

/// <summary>Guards the native load fix in Directory.Build.targets: if libLibTorchSharp.so fails to load, everything here fails.</summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void A_matrix_product_runs_and_gives_the_known_result()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, 2, 2);

        using var product = torch.matmul(a, b);

        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
