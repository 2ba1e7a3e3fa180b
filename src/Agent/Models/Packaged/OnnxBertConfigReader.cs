using System.Globalization;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// Derives a <see cref="BertConfig"/> from a BERT encoder's ONNX graph (as exported by PyTorch from Hugging Face's
/// BertModel): sizes from the named initializers, attention heads from the Reshape that splits the heads, and the
/// LayerNorm epsilon from the graph's LayerNorm (a LayerNormalization node, or the ReduceMean…Add(eps)…Sqrt pattern).
/// </summary>
public static class OnnxBertConfigReader
{
    /// <summary>Hugging Face's default, used when the graph has no recognisable LayerNorm epsilon.</summary>
    public const double DefaultLayerNormEps = 1e-12;

    public static BertConfig Read(OnnxGraphView graph)
    {
        var words = RequiredShape(graph, "embeddings.word_embeddings.weight", rank: 2);
        var hidden = (int)words[1];
        var layers = CountLayers(graph);
        return new BertConfig
        {
            VocabSize = (int)words[0],
            HiddenSize = hidden,
            NumHiddenLayers = layers,
            NumAttentionHeads = AttentionHeads(graph, hidden),
            IntermediateSize = (int)RequiredShape(graph, "encoder.layer.0.intermediate.dense.bias", rank: 1)[0],
            MaxPositionEmbeddings = (int)RequiredShape(graph, "embeddings.position_embeddings.weight", rank: 2)[0],
            TypeVocabSize = (int)RequiredShape(graph, "embeddings.token_type_embeddings.weight", rank: 2)[0],
            LayerNormEps = LayerNormEpsilon(graph),
            AddPoolingLayer = graph.Initializers.ContainsKey("pooler.dense.weight"),
        };
    }

    private static long[] RequiredShape(OnnxGraphView graph, string name, int rank)
    {
        if (!graph.Initializers.TryGetValue(name, out var tensor))
        {
            throw new InvalidDataException($"{graph.Source}: tensor '{name}' is missing; the model's configuration is read from it.");
        }

        return tensor.Dims.Count == rank
            ? tensor.Dims.ToArray()
            : throw new InvalidDataException($"{graph.Source}: tensor '{name}' has shape [{string.Join(", ", tensor.Dims)}], expected {rank} dimensions.");
    }

    /// <summary>Layers are numbered 0…N-1 in the initializer names (<c>encoder.layer.N.…</c>).</summary>
    private static int CountLayers(OnnxGraphView graph)
    {
        const string prefix = "encoder.layer.";
        var numbers = graph.Initializers.Keys
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name[prefix.Length..].Split('.')[0])
            .Select(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n >= 0)
            .ToHashSet();
        return numbers.Count > 0
            ? numbers.Max() + 1
            : throw new InvalidDataException($"{graph.Source}: no 'encoder.layer.N.…' tensors; this is not a BERT encoder graph.");
    }

    /// <summary>
    /// Self-attention reshapes (B, T, C) to (B, T, H, D) with a shape built as Concat(batch, length, H, D), H and D
    /// constants with H·D = C. Every such Reshape must agree.
    /// </summary>
    private static int AttentionHeads(OnnxGraphView graph, int hidden)
    {
        var found = new HashSet<long>();
        foreach (var reshape in graph.Nodes.Where(n => n.OpType == "Reshape" && n.Input.Count == 2))
        {
            if (graph.Producer(reshape.Input[1]) is not { OpType: "Concat" } concat || concat.Input.Count != 4)
            {
                continue;
            }

            var heads = ScalarInt(graph, concat.Input[2]);
            var headSize = ScalarInt(graph, concat.Input[3]);
            if (heads is > 0 && headSize is > 0 && heads * headSize == hidden)
            {
                found.Add(heads.Value);
            }
        }

        return found.Count switch
        {
            1 => (int)found.Single(),
            0 => throw new InvalidDataException(
                $"{graph.Source}: no Reshape splits the hidden size {hidden} into attention heads, so the number of heads is unknown."),
            _ => throw new InvalidDataException($"{graph.Source}: the attention Reshapes disagree on the number of heads ({string.Join(", ", found)})."),
        };
    }

    private static double LayerNormEpsilon(OnnxGraphView graph)
    {
        var found = new HashSet<double>();
        foreach (var node in graph.Nodes)
        {
            if (node.OpType == "LayerNormalization")
            {
                // The operator's own default is 1e-5 when the attribute is absent.
                found.Add(node.Attribute.FirstOrDefault(a => a.Name == "epsilon") is { } epsilon ? epsilon.F : 1e-5);
            }
            else if (node.OpType == "Sqrt" && graph.Producer(node.Input[0]) is { OpType: "Add" } add && add.Input.Any(i => FromReduceMean(graph, i)))
            {
                // Decomposed LayerNorm: Sqrt(ReduceMean((x - mean)²) + eps).
                foreach (var input in add.Input)
                {
                    if (graph.Constant(input) is { } constant && OnnxTensors.FloatValues(constant) is [var value])
                    {
                        found.Add(Float32Decimal(value));
                    }
                }
            }
        }

        return found.Count switch
        {
            0 => DefaultLayerNormEps,
            1 => found.Single(),
            _ => throw new InvalidDataException($"{graph.Source}: the LayerNorms disagree on epsilon ({string.Join(", ", found)})."),
        };
    }

    private static bool FromReduceMean(OnnxGraphView graph, string value) => graph.Producer(value) is { OpType: "ReduceMean" };

    private static long? ScalarInt(OnnxGraphView graph, string value) =>
        graph.Constant(value) is { } constant && OnnxTensors.Int64Values(constant) is [var single] ? single : null;

    /// <summary>The shortest decimal that rounds to the same float32 (1e-12, not 9.999999960041972e-13).</summary>
    private static double Float32Decimal(double value) => double.Parse(((float)value).ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
