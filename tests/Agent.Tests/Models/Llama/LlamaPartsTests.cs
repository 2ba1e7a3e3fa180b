using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Decoders;
using LabPortal.Agent.Models.Llama;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Llama;

public sealed class LlamaPartsTests
{
    [Fact]
    public void Rms_norm_divides_by_the_root_mean_square_and_scales_by_its_weight()
    {
        using var norm = new RmsNorm(2, eps: 0);
        using (torch.no_grad())
        {
            norm.Weight.copy_(torch.tensor(new[] { 1f, 2f }));
        }

        using var x = torch.tensor(new[] { 3f, 4f }, 1, 2);   // mean square (9 + 16) / 2 = 12.5, root 3.5355…
        using var y = norm.call(x);

        var root = Math.Sqrt(12.5);
        Assert.Equal(3 / root, y[0, 0].item<float>(), 5);
        Assert.Equal(2 * 4 / root, y[0, 1].item<float>(), 5);
    }

    [Fact]
    public void Rotary_embedding_turns_each_pair_of_halves_by_position_times_frequency()
    {
        // Head width 4: frequencies 1 and θ^(-1/2) = 0.01; pairs are (x0, x2) and (x1, x3).
        var frequencies = RotaryEmbedding.InverseFrequencies(4, new RopeSettings { Theta = 10000 });
        Assert.Equal([1.0, 0.01], frequencies.Select(f => Math.Round(f, 12)));

        var (cos, sin) = RotaryEmbedding.Angles(3, frequencies, torch.CPU);
        using var _ = cos;
        using var __ = sin;
        using var x = torch.tensor(new[] { 1f, 0f, 0f, 1f }).expand(1, 1, 3, 4).contiguous();   // (B, H, T, D)
        using var rotated = RotaryEmbedding.Apply(x, cos, sin);

        // Position 2: the first pair (1, 0) turns by 2 radians to (cos 2, sin 2); the second (0, 1) by 0.02 to (−sin 0.02, cos 0.02).
        Assert.Equal(Math.Cos(2), rotated[0, 0, 2, 0].item<float>(), 5);
        Assert.Equal(Math.Sin(2), rotated[0, 0, 2, 2].item<float>(), 5);
        Assert.Equal(-Math.Sin(0.02), rotated[0, 0, 2, 1].item<float>(), 5);
        Assert.Equal(Math.Cos(0.02), rotated[0, 0, 2, 3].item<float>(), 5);
        // Position 0 is not turned.
        Assert.Equal([1f, 0f, 0f, 1f], rotated[0, 0, 0].data<float>().ToArray());
    }

    [Fact]
    public void Llama3_scaling_keeps_high_frequencies_divides_low_ones_and_blends_between()
    {
        // Head width 6, θ = 1000: frequencies 1, 0.1, 0.01 (wavelengths 6.3, 63, 628). Original context 64, factors 1 and 8:
        // wavelengths below 64/8 = 8 keep, above 64/1 = 64 are divided by 8, between blend by smooth = (64/λ − 1)/(8 − 1).
        var rope = new RopeSettings { Theta = 1000, Type = "llama3", Factor = 8, LowFreqFactor = 1, HighFreqFactor = 8, OriginalMaxPositionEmbeddings = 64 };

        var scaled = RotaryEmbedding.InverseFrequencies(6, rope);

        var smooth = ((64 / (2 * Math.PI / 0.1)) - 1) / 7;
        Assert.Equal(1.0, scaled[0], 12);
        Assert.Equal(((1 - smooth) * 0.1 / 8) + (smooth * 0.1), scaled[1], 12);
        Assert.Equal(0.01 / 8, scaled[2], 12);
    }

    [Fact]
    public void Grouped_query_attention_keeps_the_hidden_shape_with_fewer_key_value_projections()
    {
        var config = new LlamaConfig { HiddenSize = 16, NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 6, IntermediateSize = 8, NumHiddenLayers = 1, VocabSize = 10 };
        using var attention = new LlamaAttention(config);
        var shapes = attention.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal([24L, 16], shapes["q_proj.weight"]);
        Assert.Equal([12L, 16], shapes["k_proj.weight"]);
        Assert.Equal([12L, 16], shapes["v_proj.weight"]);
        Assert.Equal([16L, 24], shapes["o_proj.weight"]);

        using var hidden = torch.randn(3, 5, 16);
        using var mask = CausalMask.Additive(torch.ones(3, 5, torch.int64), torch.float32, null);
        var (cos, sin) = RotaryEmbedding.Angles(5, RotaryEmbedding.InverseFrequencies(6, config.Rope), torch.CPU);
        using var output = attention.call(hidden, cos, sin, mask);

        Assert.Equal([3L, 5, 16], output.shape);
    }

    [Fact]
    public void The_causal_mask_hides_later_tokens_padding_and_keys_outside_the_sliding_window()
    {
        using var attentionMask = torch.tensor(new long[] { 1, 1, 1, 0 }, 1, 4);
        using var mask = CausalMask.Additive(attentionMask, torch.float32, slidingWindow: 2);
        using var visible = mask.eq(torch.zeros(1)).squeeze();

        bool[,] expected =
        {
            { true, false, false, false },
            { true, true, false, false },
            { false, true, true, false },   // i − j < 2
            { false, false, true, false },  // padding is never a key
        };
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                Assert.Equal(expected[i, j], visible[i, j].item<bool>());
            }
        }
    }

    [Fact]
    public void Last_pooling_reads_each_rows_last_real_token()
    {
        using var hidden = torch.arange(2 * 3 * 1, torch.float32).view(2, 3, 1);   // row 0: 0 1 2, row 1: 3 4 5
        using var mask = torch.tensor(new long[] { 1, 1, 1, 1, 0, 0 }, 2, 3);

        using var pooled = Pooling.Last(hidden, mask);

        Assert.Equal([2f, 3f], pooled.data<float>().ToArray());
    }
}
