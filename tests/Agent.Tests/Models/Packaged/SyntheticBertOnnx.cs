using Google.Protobuf;
using LabPortal.Agent.Models;
using Onnx;

namespace LabPortal.Agent.Tests.Models.Packaged;

/// <summary>
/// A small ONNX graph in the shape PyTorch exports a Hugging Face BertModel: named initializers without the
/// <c>bert.</c> prefix, numeric-named MatMul weights stored [in, out] each followed by its bias Add, the head-splitting
/// Concat→Reshape and a decomposed LayerNorm (ReduceMean → Add(eps) → Sqrt), plus a Gemm pooler with transB=1.
/// Not meant to run: it carries exactly what the weight mapping reads. Values are the element index plus an offset
/// per tensor, so a test can tell tensors apart and check transposes.
/// </summary>
internal static class SyntheticBertOnnx
{
    public static BertConfig Config { get; } = new()
    {
        VocabSize = 20, HiddenSize = 8, NumHiddenLayers = 2, NumAttentionHeads = 2, IntermediateSize = 16,
        MaxPositionEmbeddings = 12, TypeVocabSize = 2, LayerNormEps = 1e-5, AddPoolingLayer = true,
    };

    /// <summary>The serialized model, after <paramref name="modify"/> changed the graph.</summary>
    public static byte[] Build(Action<GraphProto>? modify = null)
    {
        var graph = Graph();
        modify?.Invoke(graph);
        return new ModelProto { IrVersion = 7, Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } }.ToByteArray();
    }

    /// <summary>The numeric name of the MatMul weight number <paramref name="index"/> in graph order.</summary>
    public static string MatMulWeight(int index) => (900 + index).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value every element of a tensor made here starts from (element i holds Offset(name) + i / 1000).</summary>
    public static float Offset(string name) => name.Sum(ch => ch) % 97;

    public static TensorProto Floats(string name, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var count = dims.Aggregate(1L, (a, b) => a * b);
        tensor.FloatData.AddRange(Enumerable.Range(0, (int)count).Select(i => Offset(name) + i / 1000f));
        return tensor;
    }

    private static GraphProto Graph()
    {
        var c = Config.HiddenSize;
        var graph = new GraphProto { Name = "synthetic-bert" };
        graph.Initializer.Add(Floats("embeddings.word_embeddings.weight", Config.VocabSize, c));
        graph.Initializer.Add(Floats("embeddings.position_embeddings.weight", Config.MaxPositionEmbeddings, c));
        graph.Initializer.Add(Floats("embeddings.token_type_embeddings.weight", Config.TypeVocabSize, c));
        AddLayerNorm(graph, "embeddings.LayerNorm", "embedded", "h0");

        var matMul = 0;
        for (var layer = 0; layer < Config.NumHiddenLayers; layer++)
        {
            var input = $"h{layer}";
            foreach (var linear in BertParameterLayout.LayerLinears)
            {
                var (outFeatures, inFeatures) = BertParameterLayout.LinearShape(linear, Config);
                var weight = MatMulWeight(matMul++);
                var bias = $"encoder.layer.{layer}.{linear}.bias";
                graph.Initializer.Add(Floats(weight, inFeatures, outFeatures));
                graph.Initializer.Add(Floats(bias, outFeatures));
                graph.Node.Add(Node("MatMul", [input, weight], [weight + "_out"]));
                graph.Node.Add(Node("Add", [bias, weight + "_out"], [bias + "_out"]));
                if (linear == "attention.self.query")
                {
                    AddHeadSplit(graph, bias + "_out", $"layer{layer}");
                }
            }

            AddLayerNorm(graph, $"encoder.layer.{layer}.attention.output.LayerNorm", $"attn{layer}", $"attn_norm{layer}");
            AddLayerNorm(graph, $"encoder.layer.{layer}.output.LayerNorm", $"ffn{layer}", $"h{layer + 1}");
        }

        graph.Initializer.Add(Floats("pooler.dense.weight", c, c));
        graph.Initializer.Add(Floats("pooler.dense.bias", c));
        var gemm = Node("Gemm", [$"h{Config.NumHiddenLayers}", "pooler.dense.weight", "pooler.dense.bias"], ["pooled"]);
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(gemm);
        return graph;
    }

    /// <summary>Reshape(x, Concat(batch, length, heads, head size)) with the last two as int64 initializers.</summary>
    private static void AddHeadSplit(GraphProto graph, string input, string prefix)
    {
        graph.Initializer.Add(Int64Scalar($"{prefix}_heads", Config.NumAttentionHeads));
        graph.Initializer.Add(Int64Scalar($"{prefix}_head_size", Config.HeadSize));
        graph.Node.Add(Node("Concat", [$"{prefix}_batch", $"{prefix}_length", $"{prefix}_heads", $"{prefix}_head_size"], [$"{prefix}_shape"]));
        graph.Node.Add(Node("Reshape", [input, $"{prefix}_shape"], [$"{prefix}_split"]));
    }

    /// <summary>PyTorch's decomposed LayerNorm: the epsilon is a Constant node added to ReduceMean's output before Sqrt.</summary>
    private static void AddLayerNorm(GraphProto graph, string name, string input, string output)
    {
        graph.Initializer.Add(Floats(name + ".weight", Config.HiddenSize));
        graph.Initializer.Add(Floats(name + ".bias", Config.HiddenSize));
        var epsilon = Node("Constant", [], [name + "_eps"]);
        var value = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float, FloatData = { (float)Config.LayerNormEps } };
        epsilon.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = value });
        graph.Node.Add(epsilon);
        graph.Node.Add(Node("ReduceMean", [input], [name + "_variance"]));
        graph.Node.Add(Node("Add", [name + "_variance", name + "_eps"], [name + "_shifted"]));
        graph.Node.Add(Node("Sqrt", [name + "_shifted"], [name + "_std"]));
        graph.Node.Add(Node("Add", [name + "_std", name + ".bias"], [output]));
    }

    private static TensorProto Int64Scalar(string name, long value) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { value } };

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{outputs[0]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }
}
