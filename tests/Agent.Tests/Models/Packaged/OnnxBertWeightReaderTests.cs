using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;
using Onnx;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Packaged;

public sealed class OnnxBertWeightReaderTests
{
    private const string Source = "synthetic.onnx";

    [Fact]
    public void The_config_is_read_from_the_graph_sizes_the_head_split_and_the_layer_norm_epsilon()
    {
        using var checkpoint = OnnxBertWeightReader.Read(SyntheticBertOnnx.Build(), Source);

        Assert.Equal(SyntheticBertOnnx.Config, checkpoint.Config);
    }

    [Fact]
    public void Matmul_weights_are_taken_in_graph_order_and_transposed_to_out_by_in()
    {
        using var checkpoint = OnnxBertWeightReader.Read(SyntheticBertOnnx.Build(), Source);

        // MatMul 10 in graph order is layer 1's FFN-in: stored [8, 16] (in, out), PyTorch wants [16, 8].
        var weight = checkpoint.Tensors["bert.encoder.layer.1.intermediate.dense.weight"];
        var offset = SyntheticBertOnnx.Offset(SyntheticBertOnnx.MatMulWeight(10));
        Assert.Equal([16L, 8L], weight.shape);
        Assert.Equal(offset + ((3 * 16) + 5) / 1000f, weight[5, 3].item<float>()); // stored element [3, 5]
    }

    [Fact]
    public void Named_tensors_keep_their_layout_and_the_transb_pooler_is_not_transposed()
    {
        using var checkpoint = OnnxBertWeightReader.Read(SyntheticBertOnnx.Build(), Source);

        var pooler = checkpoint.Tensors["bert.pooler.dense.weight"];
        var words = checkpoint.Tensors["bert.embeddings.word_embeddings.weight"];
        Assert.Equal(SyntheticBertOnnx.Offset("pooler.dense.weight") + 0.002f, pooler[0, 2].item<float>());
        Assert.Equal([20L, 8L], words.shape);
        Assert.Equal(BertParameterLayout.Encoder(checkpoint.Config).Select(p => p.Name).Order(), checkpoint.Tensors.Keys.Order());
    }

    [Fact]
    public void A_missing_tensor_fails_naming_the_tensor_and_the_file()
    {
        var onnx = SyntheticBertOnnx.Build(graph => graph.Initializer.Remove(graph.Initializer.Single(t => t.Name == "encoder.layer.1.output.LayerNorm.bias")));

        var error = Assert.Throws<InvalidDataException>(() => OnnxBertWeightReader.Read(onnx, Source));

        Assert.Contains(Source, error.Message);
        Assert.Contains("'encoder.layer.1.output.LayerNorm.bias'", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_fails_naming_the_tensor_its_shape_and_the_expected_one()
    {
        var onnx = SyntheticBertOnnx.Build(graph => Replace(graph, SyntheticBertOnnx.Floats("encoder.layer.0.attention.self.key.bias", 7)));

        var error = Assert.Throws<InvalidDataException>(() => OnnxBertWeightReader.Read(onnx, Source));

        Assert.Contains(Source, error.Message);
        Assert.Contains("'encoder.layer.0.attention.self.key.bias' (for bert.encoder.layer.0.attention.self.key.bias) has shape [7], expected [8]", error.Message);
    }

    [Fact]
    public void A_matmul_weight_of_the_wrong_shape_fails_naming_its_numeric_name_and_the_parameter()
    {
        var weight = SyntheticBertOnnx.MatMulWeight(4); // layer 0, FFN in: [8, 16] expected
        var onnx = SyntheticBertOnnx.Build(graph => Replace(graph, SyntheticBertOnnx.Floats(weight, 8, 12)));

        var error = Assert.Throws<InvalidDataException>(() => OnnxBertWeightReader.Read(onnx, Source));

        Assert.Contains($"'{weight}' (for bert.encoder.layer.0.intermediate.dense.weight) has shape [8, 12], expected [8, 16]", error.Message);
    }

    [Fact]
    public void Matmuls_out_of_the_expected_order_are_caught_by_the_bias_that_follows_them()
    {
        // Swap the first two MatMul nodes (Q and K) so graph order no longer matches the layer's linears.
        var onnx = SyntheticBertOnnx.Build(graph =>
        {
            var matMuls = graph.Node.Where(n => n.OpType == "MatMul").Take(2).ToList();
            var (first, second) = (graph.Node.IndexOf(matMuls[0]), graph.Node.IndexOf(matMuls[1]));
            (graph.Node[first], graph.Node[second]) = (graph.Node[second], graph.Node[first]);
        });

        var error = Assert.Throws<InvalidDataException>(() => OnnxBertWeightReader.Read(onnx, Source));

        Assert.Contains("followed by the bias 'encoder.layer.0.attention.self.key.bias', expected 'encoder.layer.0.attention.self.query.bias'", error.Message);
    }

    [Fact]
    public void A_graph_without_a_head_split_fails_rather_than_guessing_the_number_of_heads()
    {
        var onnx = SyntheticBertOnnx.Build(graph =>
        {
            foreach (var reshape in graph.Node.Where(n => n.OpType == "Reshape").ToList())
            {
                graph.Node.Remove(reshape);
            }
        });

        var error = Assert.Throws<InvalidDataException>(() => OnnxBertWeightReader.Read(onnx, Source));

        Assert.Contains("number of heads is unknown", error.Message);
    }

    [Fact]
    public void Bytes_that_are_not_an_onnx_model_fail_naming_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => OnnxBertWeightReader.Read([0xFF, 0xFF, 0xFF, 0x01, 0x02], Source));

        Assert.Contains(Source, error.Message);
    }

    [Fact]
    public void Nothing_is_copied_into_a_model_when_one_weight_does_not_fit()
    {
        using var checkpoint = OnnxBertWeightReader.Read(SyntheticBertOnnx.Build(), Source);
        using var model = new BertForPairClassification(checkpoint.Config with { IntermediateSize = 32 });
        using var before = model.named_parameters().Single(p => p.name == "bert.embeddings.word_embeddings.weight").parameter.clone();

        var error = Assert.Throws<InvalidDataException>(() => PretrainedWeights.Copy(checkpoint.Tensors, model, Source));

        Assert.Contains("bert.encoder.layer.0.intermediate.dense.weight has shape [16, 8], the model expects [32, 8]", error.Message);
        var after = model.named_parameters().Single(p => p.name == "bert.embeddings.word_embeddings.weight").parameter;
        Assert.True((before == after).all().item<bool>(), "the embeddings were left as they were");
    }

    private static void Replace(GraphProto graph, TensorProto tensor)
    {
        var index = graph.Initializer.IndexOf(graph.Initializer.Single(t => t.Name == tensor.Name));
        graph.Initializer[index] = tensor;
    }
}
