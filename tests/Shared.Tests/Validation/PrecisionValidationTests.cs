using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Validation;

/// <summary>training.precision and training.gradientCheckpointing: refused, by field, where they mean nothing or cannot run.</summary>
public sealed class PrecisionValidationTests
{
    private static readonly FakeDatasetFiles Files = new(new Dictionary<string, int> { ["train.tsv"] = 100, ["dev.tsv"] = 40 });

    private static ExperimentRequest Request(MethodKind method, PrecisionKind precision, bool checkpointing = false, DeviceRequirement device = DeviceRequirement.Any) => new()
    {
        Name = "precision",
        RequiredDevice = device,
        Spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = "train.tsv", ValidationFile = "dev.tsv" },
            Method = new MethodSpec { Kind = method },
            Training = new TrainingSpec { Precision = precision, GradientCheckpointing = checkpointing },
        },
    };

    private static IReadOnlyList<ValidationError> Errors(ExperimentRequest request) => SpecValidator.Validate(request, Files);

    [Theory]
    [InlineData(MethodKind.Lora)]
    [InlineData(MethodKind.EnhancedLora)]
    [InlineData(MethodKind.HeadOnly)]
    public void Bf16_frozen_is_accepted_for_methods_that_freeze_the_base_model(MethodKind method) =>
        Assert.Empty(Errors(Request(method, PrecisionKind.Bf16Frozen)));

    [Fact]
    public void Bf16_frozen_with_full_fine_tuning_is_refused_on_the_precision_field()
    {
        var error = Assert.Single(Errors(Request(MethodKind.Full, PrecisionKind.Bf16Frozen)));

        Assert.Equal("spec.training.precision", error.Field);
        Assert.Contains("full fine-tuning freezes none", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DeviceRequirement.Any)]
    [InlineData(DeviceRequirement.Cpu)]
    public void Bf16_is_refused_unless_the_request_requires_a_cuda_agent(DeviceRequirement device)
    {
        var error = Assert.Single(Errors(Request(MethodKind.Full, PrecisionKind.Bf16, device: device)));

        Assert.Equal("spec.training.precision", error.Field);
        Assert.Contains("cuda", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bf16_on_a_cuda_agent_is_accepted_for_full_fine_tuning_too() =>
        Assert.Empty(Errors(Request(MethodKind.Full, PrecisionKind.Bf16, device: DeviceRequirement.Cuda)));

    [Fact]
    public void An_unknown_precision_number_is_refused_on_the_precision_field()
    {
        var error = Assert.Single(Errors(Request(MethodKind.Lora, (PrecisionKind)7)));

        Assert.Equal("spec.training.precision", error.Field);
    }

    [Theory]
    [InlineData(MethodKind.Lora)]
    [InlineData(MethodKind.Full)]
    public void Gradient_checkpointing_is_accepted_where_the_encoder_backpropagates(MethodKind method) =>
        Assert.Empty(Errors(Request(method, PrecisionKind.Fp32, checkpointing: true)));

    [Theory]
    [InlineData(MethodKind.HeadOnly)]
    [InlineData(MethodKind.ZeroShot)]
    public void Gradient_checkpointing_without_a_backward_pass_through_the_encoder_is_refused_on_its_field(MethodKind method)
    {
        var error = Assert.Single(Errors(Request(method, PrecisionKind.Fp32, checkpointing: true) with
        {
            Spec = Request(method, PrecisionKind.Fp32, checkpointing: true).Spec with { Head = new HeadSpec { Kind = method == MethodKind.ZeroShot ? HeadKind.BiEncoder : null } },
        }));

        Assert.Equal("spec.training.gradientCheckpointing", error.Field);
    }
}
