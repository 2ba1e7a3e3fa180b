using LabPortal.Agent.Training;

namespace LabPortal.Agent.Tests.Training;

public sealed class DeviceSelectorTests
{
    [Theory]
    [InlineData(null, false, 0, "cpu")]
    [InlineData("auto", false, 0, "cpu")]
    [InlineData("auto", true, 2, "cuda:0")]
    [InlineData(" AUTO ", true, 1, "cuda:0")]
    [InlineData("cpu", true, 2, "cpu")]
    [InlineData("cuda", true, 1, "cuda:0")]
    [InlineData("cuda:1", true, 2, "cuda:1")]
    public void A_device_setting_picks_the_device_the_machine_has(string? setting, bool cudaAvailable, int gpus, string expected)
    {
        Assert.Equal(expected, DeviceSelector.Choose(setting, cudaAvailable, gpus));
    }

    [Fact]
    public void Asking_for_cuda_on_a_machine_without_it_says_to_use_cpu_or_auto()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeviceSelector.Choose("cuda:0", cudaAvailable: false, cudaDevices: 0));

        Assert.Contains("CUDA is not available", error.Message);
    }

    [Fact]
    public void A_gpu_index_beyond_the_visible_gpus_names_the_range_and_the_one_gpu_per_agent_pattern()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DeviceSelector.Choose("cuda:3", cudaAvailable: true, cudaDevices: 2));

        Assert.Contains("sees 2 GPU(s) (cuda:0 to cuda:1)", error.Message);
        Assert.Contains("CUDA_VISIBLE_DEVICES", error.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    [InlineData("mps")]
    public void A_setting_that_names_no_device_is_refused_with_the_accepted_forms(string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Choose(setting, cudaAvailable: true, cudaDevices: 1));

        Assert.Contains($"'{setting}'", error.Message);
    }

    [Fact]
    public void On_this_cpu_only_build_auto_resolves_to_the_cpu()
    {
        Assert.Equal("cpu", DeviceSelector.Resolve("auto").ToString());
    }
}
