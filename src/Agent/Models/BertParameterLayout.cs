namespace LabPortal.Agent.Models;

/// <summary>
/// The names and PyTorch shapes of the encoder's parameters for a config, in Hugging Face's layout
/// (<c>bert.embeddings.…</c>, <c>bert.encoder.layer.N.…</c>, <c>bert.pooler.…</c>), without the classifier.
/// Lets pretrained weights be mapped and checked without building a model; a test locks it to <see cref="BertModel"/>.
/// </summary>
public static class BertParameterLayout
{
    public const string Prefix = "bert.";

    /// <summary>The six linear layers of one transformer layer, in the order their MatMuls run.</summary>
    public static IReadOnlyList<string> LayerLinears { get; } =
    [
        "attention.self.query",
        "attention.self.key",
        "attention.self.value",
        "attention.output.dense",
        "intermediate.dense",
        "output.dense",
    ];

    public static IReadOnlyList<(string Name, long[] Shape)> Encoder(BertConfig config)
    {
        long c = config.HiddenSize;
        var parameters = new List<(string, long[])>
        {
            ("bert.embeddings.word_embeddings.weight", [config.VocabSize, c]),
            ("bert.embeddings.position_embeddings.weight", [config.MaxPositionEmbeddings, c]),
            ("bert.embeddings.token_type_embeddings.weight", [config.TypeVocabSize, c]),
            ("bert.embeddings.LayerNorm.weight", [c]),
            ("bert.embeddings.LayerNorm.bias", [c]),
        };

        for (var layer = 0; layer < config.NumHiddenLayers; layer++)
        {
            foreach (var linear in LayerLinears)
            {
                var (outFeatures, inFeatures) = LinearShape(linear, config);
                parameters.Add((LayerParameter(layer, linear + ".weight"), [outFeatures, inFeatures]));
                parameters.Add((LayerParameter(layer, linear + ".bias"), [outFeatures]));
            }

            foreach (var norm in new[] { "attention.output.LayerNorm", "output.LayerNorm" })
            {
                parameters.Add((LayerParameter(layer, norm + ".weight"), [c]));
                parameters.Add((LayerParameter(layer, norm + ".bias"), [c]));
            }
        }

        if (config.AddPoolingLayer)
        {
            parameters.Add(("bert.pooler.dense.weight", [c, c]));
            parameters.Add(("bert.pooler.dense.bias", [c]));
        }

        return parameters;
    }

    public static string LayerParameter(int layer, string name) => $"bert.encoder.layer.{layer}.{name}";

    /// <summary>(out, in) of one of <see cref="LayerLinears"/>: the FFN widens to the intermediate size and back.</summary>
    public static (long Out, long In) LinearShape(string linear, BertConfig config) => linear switch
    {
        "intermediate.dense" => (config.IntermediateSize, config.HiddenSize),
        "output.dense" => (config.HiddenSize, config.IntermediateSize),
        _ => (config.HiddenSize, config.HiddenSize),
    };
}
