using Google.Protobuf;
using Onnx;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// The look-ups over an ONNX graph that the weight mapping needs: initializers by name, constants (initializers
/// or Constant nodes) and the nodes that produce or consume a value. Nodes keep the file's order, which ONNX
/// requires to be topological, so "graph order" is the order of <see cref="Nodes"/>.
/// </summary>
public sealed class OnnxGraphView
{
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, TensorProto> _constantNodes;
    private readonly Dictionary<string, NodeProto> _producers;
    private readonly ILookup<string, NodeProto> _consumers;

    public OnnxGraphView(GraphProto graph, string source)
    {
        Source = source;
        Nodes = graph.Node;
        // Last one wins on a duplicate name, as in ONNX Runtime; well-formed files have none.
        _initializers = graph.Initializer.GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.Last());
        _constantNodes = graph.Node
            .Where(n => n.OpType == "Constant" && n.Output.Count == 1 && n.Attribute.Any(a => a.Name == "value" && a.T is not null))
            .ToDictionary(n => n.Output[0], n => n.Attribute.First(a => a.Name == "value").T);
        _producers = graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n))).GroupBy(p => p.Output).ToDictionary(g => g.Key, g => g.First().Node);
        _consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node);
    }

    /// <summary>Names the file in every error message.</summary>
    public string Source { get; }

    public IReadOnlyList<NodeProto> Nodes { get; }

    public IReadOnlyDictionary<string, TensorProto> Initializers => _initializers;

    /// <summary>Parses a serialized ONNX model; a file that is not one fails naming <paramref name="source"/>.</summary>
    public static OnnxGraphView Parse(byte[] onnx, string source)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new InvalidDataException($"{source}: not a readable ONNX model ({exception.Message}).", exception);
        }

        return model.Graph is { } graph
            ? new OnnxGraphView(graph, source)
            : throw new InvalidDataException($"{source}: the ONNX model has no graph.");
    }

    public NodeProto? Producer(string value) => _producers.GetValueOrDefault(value);

    public IEnumerable<NodeProto> Consumers(string value) => _consumers[value];

    /// <summary>A value known without running the graph: an initializer or the output of a Constant node.</summary>
    public TensorProto? Constant(string value) =>
        _initializers.TryGetValue(value, out var initializer) ? initializer : _constantNodes.GetValueOrDefault(value);
}
