using LabPortal.Agent.Adapters;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Tests.Training;

/// <summary>training.precision bf16-frozen: frozen layers in bfloat16, what trains (and its optimiser state) in fp32.</summary>
public sealed class PrecisionTests : IDisposable
{
    private static readonly MethodSpec Lora = new() { Kind = MethodKind.Lora, Rank = 4, Alpha = 8 };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(MethodKind.Lora)]
    [InlineData(MethodKind.Full)]
    public void Auto_precision_trains_as_the_measured_default_for_the_method_on_this_cpu_and_the_run_records_which(MethodKind method)
    {
        var spec = TrainingFixture.QuickSpec() with { Method = new MethodSpec { Kind = method, Rank = 4, Alpha = 8 } };
        Assert.Equal(PrecisionKind.Auto, spec.Training.Precision); // what a spec that does not say gets
        var artifacts = Path.Combine(_temp.Path, "run");

        var result = new Trainer().Train(TrainingFixture.Job(_temp, spec) with { ArtifactFolder = artifacts }, null, CancellationToken.None);

        // LoRA goes to bf16-frozen only where the CPU multiplies bfloat16 natively; full fine-tuning freezes nothing.
        var expected = method == MethodKind.Lora && Bf16Hardware.IsFast(CPU) ? PrecisionKind.Bf16Frozen : PrecisionKind.Fp32;
        Assert.Equal(expected, result.Precision);
        Assert.Equal(expected, result.Spec.Training.Precision);
        var saved = LabPortal.Agent.Playground.SavedRun.Read(Path.Combine(artifacts, ArtifactNames.Result));
        Assert.Equal(expected, saved.Spec.Training.Precision); // a run rebuilt for scoring uses the same
    }

    [Theory]
    [InlineData("fpu vme avx512f avx512_bf16 avx512_vnni", true)]
    [InlineData("fpu amx_tile amx_bf16 amx_int8", true)]
    [InlineData("fpu avx2 avx512f avx512bw", false)]
    [InlineData("", false)]
    public void A_cpu_multiplies_bfloat16_natively_when_its_flags_name_avx512_bf16_or_amx_bf16(string flags, bool expected) =>
        Assert.Equal(expected, Bf16Hardware.CpuFlagsHaveBf16(flags));

    [Fact]
    public void The_cpus_flags_and_model_name_are_read_from_proc_cpuinfo_and_an_unknown_field_is_null()
    {
        Assert.Contains("fpu", CpuInfo.Field("flags")!.Split(' ')); // every x86-64 CPU flags its FPU
        Assert.False(string.IsNullOrWhiteSpace(CpuInfo.Field("model name")));
        Assert.DoesNotContain(":", CpuInfo.Field("model name"));
        Assert.Null(CpuInfo.Field("no such field"));
    }

    [Fact]
    public void Bf16_frozen_stores_frozen_layers_in_bfloat16_and_lora_head_norms_and_optimizer_state_in_fp32()
    {
        using var loaded = TinyBatch.Create(Lora, PrecisionKind.Bf16Frozen);
        var model = loaded.Model;
        using var optimizer = TrainingOptimizer.Create(model, 1e-3, 0.01, LearningRateScales.From(Lora));
        model.train();
        TinyBatch.Gradients(model, seed: 1);
        optimizer.Step();

        var types = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.dtype);
        Assert.Equal(ScalarType.BFloat16, types["bert.embeddings.word_embeddings.weight"]);
        Assert.Equal(ScalarType.BFloat16, types["bert.encoder.layer.0.attention.self.query.base_layer.weight"]);
        Assert.Equal(ScalarType.BFloat16, types["bert.encoder.layer.1.intermediate.dense.weight"]);
        Assert.Equal(ScalarType.BFloat16, types["bert.pooler.dense.weight"]);
        Assert.Equal(ScalarType.Float32, types["bert.embeddings.LayerNorm.weight"]);
        Assert.Equal(ScalarType.Float32, types["bert.encoder.layer.1.output.LayerNorm.bias"]);
        Assert.All(model.named_parameters().Where(p => p.parameter.requires_grad), p => Assert.Equal(ScalarType.Float32, p.parameter.dtype));
        Assert.All(model.named_parameters().Where(p => p.parameter.requires_grad), p => Assert.Equal(ScalarType.Float32, p.parameter.grad!.dtype));
        Assert.Equal(8 + 2, optimizer.State().Count()); // 2 layers × query, value × A, B, and the classifier
        Assert.All(optimizer.State(), s =>
        {
            Assert.Equal(ScalarType.Float32, s.ExpAvg.dtype);
            Assert.Equal(ScalarType.Float32, s.ExpAvgSq.dtype);
        });
        Assert.All(LoraInjector.Adapters(model), a => Assert.True(a.Layer.LoraA.grad!.abs().max().item<float>() > 0 || a.Layer.LoraB.grad!.abs().max().item<float>() > 0));
    }

    /// <summary>
    /// bfloat16 keeps 8 significant bits, so each rounding is off by up to 2⁻⁹ ≈ 0.2 % of the value; the tiny model's
    /// logits go through two layers of such roundings (weights and activations), so they are compared at 2 % of their
    /// spread plus 0.02 — an fp32/bf16 mix-up (an unconverted layer, a norm in bf16 gone wrong) is far off that.
    /// </summary>
    [Fact]
    public void Bf16_frozen_logits_stay_within_bfloat16_rounding_of_fp32()
    {
        using var fp32 = TinyBatch.Create(Lora);
        using var bf16 = TinyBatch.Create(Lora, PrecisionKind.Bf16Frozen);
        fp32.Model.eval();
        bf16.Model.eval();
        using var noGrad = no_grad();

        using var expected = TinyBatch.Logits(fp32.Model);
        using var actual = TinyBatch.Logits(bf16.Model);

        Assert.Equal(ScalarType.Float32, actual.dtype);
        var spread = (expected.max() - expected.min()).item<float>();
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference < (0.02 * spread) + 0.02, $"max logit difference {difference} (logits spread over {spread})");
        Assert.False(expected.allclose(actual, rtol: 0, atol: 0), "the bf16 model computed in fp32");
    }

    [Fact]
    public void A_bf16_frozen_lora_run_trains_with_a_falling_loss()
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Method = Lora,
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 6, LearningRate = 1e-2, Precision = PrecisionKind.Bf16Frozen },
        };
        var train = _temp.WriteSlice("memorise.tsv", TestPaths.QqpTrain, rows: 64);
        var reports = new List<ProgressReport>();

        var result = new Trainer().Train(new TrainingJob(spec, train, train, CPU), new SynchronousProgress(reports), CancellationToken.None);

        var losses = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        Assert.True(TrainingFixture.MeanLoss(losses, epoch: 1) > TrainingFixture.MeanLoss(losses, epoch: 6), $"mean training loss went from {TrainingFixture.MeanLoss(losses, 1)} in epoch 1 to {TrainingFixture.MeanLoss(losses, 6)} in epoch 6");
        Assert.Equal(PrecisionKind.Bf16Frozen, result.Spec.Training.Precision);
        Assert.Equal(64, result.Evaluation.Total);
    }

    [Fact]
    public void A_bf16_frozen_adapter_is_saved_in_fp32_and_reloads_to_the_same_logits()
    {
        using var trained = TinyBatch.Create(Lora, PrecisionKind.Bf16Frozen);
        trained.Model.train();
        using var optimizer = TrainingOptimizer.Create(trained.Model, 1e-2, 0.01, LearningRateScales.From(Lora));
        TinyBatch.Gradients(trained.Model, seed: 2);
        optimizer.Step(); // A, B and the head move away from their initial values
        var folder = Path.Combine(_temp.Path, "adapter");
        PeftAdapter.Save(trained.Model, LoraSettings.From(Lora), TinyModel.Name, folder);

        using var saved = new TensorBag(SafetensorsFile.Read(Path.Combine(folder, PeftAdapter.WeightsFileName)).Tensors);
        Assert.All(saved.Tensors.Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
        using var fresh = ModelCatalogue.Default.Create(TinyModel.Name, seed: 5, CPU);
        PeftAdapterLoader.Load(fresh.Model, folder);
        PrecisionSetup.Apply(fresh.Model, PrecisionKind.Bf16Frozen);
        trained.Model.eval();
        fresh.Model.eval();
        using var noGrad = no_grad();
        using var expected = TinyBatch.Logits(trained.Model);
        using var actual = TinyBatch.Logits(fresh.Model);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-6), $"max difference {(expected - actual).abs().max().item<float>()}");
    }

    [Fact]
    public void An_agent_without_cuda_refuses_bf16_naming_the_field()
    {
        var spec = TrainingFixture.QuickSpec() with { Training = TrainingFixture.QuickSpec().Training with { Precision = PrecisionKind.Bf16 } };

        var error = Assert.Throws<InvalidOperationException>(() => new Trainer().Train(TrainingFixture.Job(_temp, spec), null, CancellationToken.None));

        Assert.Contains("training.precision", error.Message);
        Assert.Contains("CUDA", error.Message);
    }
}
