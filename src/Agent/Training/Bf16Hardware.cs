using DeviceType = TorchSharp.DeviceType;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// Whether a device multiplies bfloat16 natively, which training.precision "auto" asks before choosing bf16-frozen:
/// CUDA devices do; a CPU does when /proc/cpuinfo lists AVX512-BF16 or AMX-BF16 (without them libtorch converts every
/// matmul's inputs, which this lab has not measured).
/// </summary>
public static class Bf16Hardware
{
    private static readonly Lazy<bool> CpuHasBf16 = new(() => CpuFlagsHaveBf16(CpuInfo.Field("flags") ?? ""));

    public static bool IsFast(Device device) => device.type == DeviceType.CUDA || (device.type == DeviceType.CPU && CpuHasBf16.Value);

    /// <summary>True when a cpuinfo "flags" line names avx512_bf16 or amx_bf16.</summary>
    public static bool CpuFlagsHaveBf16(string flags) =>
        flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(flag => flag is "avx512_bf16" or "amx_bf16");
}
