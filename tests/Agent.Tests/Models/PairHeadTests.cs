using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>Each pair head against the same arithmetic done by hand on a tiny model's token states.</summary>
public sealed class PairHeadTests
{
    private static readonly BertConfig Small = new()
    {
        VocabSize = 50, HiddenSize = 8, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 16, MaxPositionEmbeddings = 32,
    };

    private static readonly SpecialTokens Special = new(Pad: 0, Unknown: 1, Classify: 2, Separator: 3);

    // [CLS] 5 6 [SEP] 7 [SEP]: "5 6" and "7".
    private static readonly EncodedPair Pair = new([2, 5, 6, 3, 7, 3], [0, 0, 0, 0, 1, 1]);

    [Fact]
    public void A_cross_encoder_with_mean_pooling_classifies_the_mean_of_the_real_token_states()
    {
        using var model = NewModel(new PairHead(HeadKind.CrossEncoder, PoolingKind.Mean));
        // The pair padded with two [PAD]s: they must neither add to the mean nor count.
        long[] ids = [2, 5, 6, 3, 7, 3, 0, 0];
        long[] types = [0, 0, 0, 0, 1, 1, 0, 0];
        long[] mask = [1, 1, 1, 1, 1, 1, 0, 0];

        using var logits = model.call(Tensor(ids), Tensor(types), Tensor(mask));

        var states = States(model, ids, types, mask);
        var mean = Enumerable.Range(0, Small.HiddenSize).Select(c => Enumerable.Range(0, 6).Average(t => states[t][c])).ToArray();
        AssertClose(Linear(model, mean), logits);
    }

    [Fact]
    public void A_bi_encoder_classifies_u_v_their_absolute_difference_and_their_product()
    {
        using var model = NewModel(PairHead.BiMean);
        var batch = PairBatch.From([Pair], HeadKind.BiEncoder, Special, torch.CPU);

        using var output = model.Classify(batch);

        // Each text alone, [CLS] text [SEP], mean pooled over all its tokens.
        var u = MeanOf(States(model, [2, 5, 6, 3], [0, 0, 0, 0], [1, 1, 1, 1]));
        var v = MeanOf(States(model, [2, 7, 3], [0, 0, 0], [1, 1, 1]));
        var features = u.Concat(v).Concat(u.Zip(v, (a, b) => Math.Abs(a - b))).Concat(u.Zip(v, (a, b) => a * b)).ToArray();
        AssertClose(Linear(model, features), output.Logits);
    }

    [Fact]
    public void A_bi_encoder_scores_a_pair_the_same_alone_and_beside_a_longer_pair_that_pads_it()
    {
        using var model = NewModel(PairHead.BiMean);
        var longer = new EncodedPair([2, 8, 9, 10, 11, 12, 3, 13, 14, 15, 3], [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);

        using var alone = model.Classify(PairBatch.From([Pair], HeadKind.BiEncoder, Special, torch.CPU));
        using var padded = model.Classify(PairBatch.From([Pair, longer], HeadKind.BiEncoder, Special, torch.CPU));

        using var firstRow = padded.Logits[0];
        AssertClose(alone.Logits[0].data<float>().Select(x => (double)x).ToArray(), firstRow);
    }

    [Fact]
    public void Mean_pooling_ignores_whatever_the_padded_positions_hold()
    {
        using var hidden = torch.tensor(new float[] { 1, 2, 3, 4, 1000, -1000, 5, 6, 7, 8, 9, 10 }, 2, 3, 2);
        using var mask = torch.tensor(new long[] { 1, 1, 0, 1, 1, 1 }, 2, 3);

        using var pooled = Pooling.Mean(hidden, mask);

        Assert.Equal([2f, 3f, 7f, 8f], pooled.data<float>().ToArray());
    }

    [Fact]
    public void A_cross_encoder_with_the_pooler_reads_dense_and_tanh_of_the_first_token()
    {
        using var model = NewModel(PairHead.CrossPooler);
        long[] ids = [2, 5, 6, 3, 7, 3];
        long[] types = [0, 0, 0, 0, 1, 1];
        long[] mask = [1, 1, 1, 1, 1, 1];

        using var logits = model.call(Tensor(ids), Tensor(types), Tensor(mask));

        var first = States(model, ids, types, mask)[0];
        var pooled = Affine(model, "bert.pooler.dense", first).Select(Math.Tanh).ToArray();
        AssertClose(Linear(model, pooled), logits);
    }

    private static BertForPairClassification NewModel(PairHead head)
    {
        torch.manual_seed(3);
        var model = new BertForPairClassification(Small, head);
        BertInitializer.Apply(model, Small);
        model.eval(); // no dropout: the hand computation has none
        return model;
    }

    private static torch.Tensor Tensor(long[] values) => torch.tensor(values, 1, values.Length);

    /// <summary>The encoder's final states of one sequence, (T, C) as arrays.</summary>
    private static double[][] States(BertForPairClassification model, long[] ids, long[] types, long[] mask)
    {
        using var guard = torch.no_grad();
        using var states = model.Encoder.call(Tensor(ids), Tensor(types), Tensor(mask));
        var flat = states.data<float>().ToArray();
        return Enumerable.Range(0, ids.Length).Select(t => flat.Skip(t * Small.HiddenSize).Take(Small.HiddenSize).Select(x => (double)x).ToArray()).ToArray();
    }

    private static double[] MeanOf(double[][] states) =>
        Enumerable.Range(0, Small.HiddenSize).Select(c => states.Average(row => row[c])).ToArray();

    private static double[] Linear(BertForPairClassification model, double[] input) => Affine(model, "classifier", input);

    /// <summary>W·x + b with the named linear layer's parameters, in double precision.</summary>
    private static double[] Affine(BertForPairClassification model, string layer, double[] input)
    {
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var weight = parameters[layer + ".weight"].data<float>().ToArray();
        var bias = parameters[layer + ".bias"].data<float>().ToArray();
        return bias.Select((b, row) => b + input.Select((x, col) => x * weight[(row * input.Length) + col]).Sum()).ToArray();
    }

    private static void AssertClose(double[] expected, torch.Tensor actual)
    {
        var values = actual.data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 1e-5);
        }
    }
}
