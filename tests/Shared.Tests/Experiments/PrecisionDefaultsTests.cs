using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Tests.Experiments;

public sealed class PrecisionDefaultsTests
{
    [Theory]
    [InlineData(MethodKind.Lora, true, PrecisionKind.Bf16Frozen)]
    [InlineData(MethodKind.EnhancedLora, true, PrecisionKind.Bf16Frozen)]
    [InlineData(MethodKind.Lora, false, PrecisionKind.Fp32)]
    [InlineData(MethodKind.Full, true, PrecisionKind.Fp32)]
    [InlineData(MethodKind.HeadOnly, true, PrecisionKind.Fp32)]
    [InlineData(MethodKind.ZeroShot, true, PrecisionKind.Fp32)]
    public void Auto_becomes_bf16_frozen_only_for_lora_methods_on_hardware_that_multiplies_bfloat16(MethodKind method, bool fastBf16, PrecisionKind expected) =>
        Assert.Equal(expected, PrecisionDefaults.Resolve(PrecisionKind.Auto, method, fastBf16));

    [Theory]
    [InlineData(PrecisionKind.Fp32)]
    [InlineData(PrecisionKind.Bf16Frozen)]
    [InlineData(PrecisionKind.Bf16)]
    public void A_precision_the_spec_names_is_kept_whatever_the_hardware(PrecisionKind asked)
    {
        Assert.Equal(asked, PrecisionDefaults.Resolve(asked, MethodKind.Lora, fastBf16: false));
        Assert.Equal(asked, PrecisionDefaults.Resolve(asked, MethodKind.Lora, fastBf16: true));
    }

    [Fact]
    public void A_spec_that_says_nothing_asks_for_auto_and_auto_is_written_as_auto() =>
        Assert.Equal("auto", LabJson.NameOf(new TrainingSpec().Precision));
}
