using Onnx;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// Maps the initializers of a BERT encoder's ONNX graph onto <see cref="BertModel"/>'s parameters. Named initializers
/// (embeddings, biases, LayerNorms, pooler) match by name without the <c>bert.</c> prefix. The exporter renames the
/// linear weight matrices (plain numbers, or <c>onnx::MatMul_NNN</c>) and stores them [in, out] for MatMul, so they are
/// taken in graph order (per layer: Q, K, V, attention output, FFN in, FFN out) and transposed to PyTorch's [out, in].
/// Where a MatMul feeds an Add with a named bias, that bias must be the expected one, so a different order fails
/// instead of loading wrong weights. All problems are collected and reported together, naming tensor and file.
/// </summary>
public static class OnnxBertWeightReader
{
    public static PackagedCheckpoint Read(byte[] onnx, string source)
    {
        var graph = OnnxGraphView.Parse(onnx, source);
        var config = OnnxBertConfigReader.Read(graph);
        var problems = new List<string>();
        var stored = new Dictionary<string, (TensorProto Tensor, bool Transpose)>();

        MapWeightMatrices(graph, config, stored, problems);
        foreach (var (name, _) in BertParameterLayout.Encoder(config))
        {
            if (stored.ContainsKey(name))
            {
                continue;
            }

            if (graph.Initializers.TryGetValue(name[BertParameterLayout.Prefix.Length..], out var tensor))
            {
                stored[name] = (tensor, name == "bert.pooler.dense.weight" && !PoolerWeightIsOutByIn(graph, tensor.Name));
            }
            else
            {
                problems.Add($"tensor '{name[BertParameterLayout.Prefix.Length..]}' (for {name}) is missing");
            }
        }

        CheckShapes(config, stored, problems);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{source}: cannot load the encoder: {string.Join("; ", problems)}.");
        }

        return new PackagedCheckpoint(config, Convert(stored, source));
    }

    /// <summary>The weight matrices of the linear layers: MatMuls by a 2-D initializer, in graph order.</summary>
    private static void MapWeightMatrices(
        OnnxGraphView graph, BertConfig config, Dictionary<string, (TensorProto, bool)> stored, List<string> problems)
    {
        var matMuls = graph.Nodes
            .Where(n => n.OpType == "MatMul" && n.Input.Count == 2 && graph.Initializers.TryGetValue(n.Input[1], out var w) && w.Dims.Count == 2)
            .ToList();
        var perLayer = BertParameterLayout.LayerLinears.Count;
        if (matMuls.Count != perLayer * config.NumHiddenLayers)
        {
            problems.Add($"expected {perLayer * config.NumHiddenLayers} MatMul weight matrices ({perLayer} per layer × {config.NumHiddenLayers} layers) but the graph has {matMuls.Count}");
            return;
        }

        for (var index = 0; index < matMuls.Count; index++)
        {
            var layer = index / perLayer;
            var linear = BertParameterLayout.LayerLinears[index % perLayer];
            var weightName = matMuls[index].Input[1];
            var expectedBias = $"encoder.layer.{layer}.{linear}.bias";
            if (FollowingBias(graph, matMuls[index]) is { } bias && bias != expectedBias)
            {
                problems.Add($"MatMul weight '{weightName}' (MatMul number {index} in graph order) is followed by the bias '{bias}', expected '{expectedBias}'");
            }

            stored[BertParameterLayout.LayerParameter(layer, linear + ".weight")] = (graph.Initializers[weightName], true);
        }
    }

    /// <summary>The named bias initializer added to a MatMul's output, if the graph adds one right after it.</summary>
    private static string? FollowingBias(OnnxGraphView graph, NodeProto matMul) =>
        graph.Consumers(matMul.Output[0])
            .Where(n => n.OpType == "Add")
            .SelectMany(n => n.Input)
            .FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal) && graph.Initializers.ContainsKey(i));

    /// <summary>The pooler is a Gemm; with transB=1 its weight is already PyTorch's [out, in].</summary>
    private static bool PoolerWeightIsOutByIn(OnnxGraphView graph, string weight) =>
        graph.Consumers(weight).FirstOrDefault(n => n.OpType == "Gemm") is { } gemm
        && gemm.Attribute.FirstOrDefault(a => a.Name == "transB") is { I: 1 };

    private static void CheckShapes(BertConfig config, Dictionary<string, (TensorProto Tensor, bool Transpose)> stored, List<string> problems)
    {
        foreach (var (name, shape) in BertParameterLayout.Encoder(config))
        {
            if (!stored.TryGetValue(name, out var entry))
            {
                continue; // reported as missing
            }

            var expected = entry.Transpose ? shape.Reverse().ToArray() : shape;
            var actual = OnnxTensors.Shape(entry.Tensor);
            if (!actual.SequenceEqual(expected))
            {
                problems.Add($"tensor '{entry.Tensor.Name}' (for {name}) has shape [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
            }
        }
    }

    private static Dictionary<string, Tensor> Convert(Dictionary<string, (TensorProto Tensor, bool Transpose)> stored, string source)
    {
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (name, (proto, transpose)) in stored)
            {
                var raw = OnnxTensors.ToTorch(proto, source);
                if (transpose)
                {
                    using (raw)
                    {
                        tensors[name] = raw.t().contiguous();
                    }
                }
                else
                {
                    tensors[name] = raw;
                }
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return tensors;
    }
}
