using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Components;

public sealed class PrecisionFormTests
{
    [Fact]
    public void Precision_and_gradient_checkpointing_chosen_in_the_advanced_options_reach_the_spec()
    {
        var form = ExperimentForm.From(new ExperimentSpec { Method = new MethodSpec { Kind = MethodKind.Lora } }, "bf16");
        form.Precision = PrecisionKind.Bf16Frozen;
        form.GradientCheckpointing = true;

        var (request, _) = form.ToRequest();

        Assert.Equal(PrecisionKind.Bf16Frozen, request.Spec.Training.Precision);
        Assert.True(request.Spec.Training.GradientCheckpointing);
    }

    [Fact]
    public void A_cloned_bf16_frozen_spec_shows_its_precision_and_checkpointing()
    {
        var form = ExperimentForm.From(new ExperimentSpec { Training = new TrainingSpec { Precision = PrecisionKind.Bf16Frozen, GradientCheckpointing = true } }, "clone");

        Assert.Equal((PrecisionKind.Bf16Frozen, true), (form.Precision, form.GradientCheckpointing));
    }
}
