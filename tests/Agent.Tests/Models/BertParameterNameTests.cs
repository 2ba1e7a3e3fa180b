using LabPortal.Agent.Models;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

public sealed class BertParameterNameTests
{
    private static readonly BertConfig OneLayer = new()
    {
        VocabSize = 50, HiddenSize = 8, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 16, MaxPositionEmbeddings = 32,
    };

    [Fact]
    public void Parameter_names_follow_hugging_face_bert_for_sequence_classification()
    {
        using var model = new BertForPairClassification(OneLayer);

        var names = model.named_parameters().Select(p => p.name).ToList();

        string[] expected =
        [
            "bert.embeddings.word_embeddings.weight",
            "bert.embeddings.position_embeddings.weight",
            "bert.embeddings.token_type_embeddings.weight",
            "bert.embeddings.LayerNorm.weight",
            "bert.embeddings.LayerNorm.bias",
            "bert.encoder.layer.0.attention.self.query.weight",
            "bert.encoder.layer.0.attention.self.query.bias",
            "bert.encoder.layer.0.attention.self.key.weight",
            "bert.encoder.layer.0.attention.self.key.bias",
            "bert.encoder.layer.0.attention.self.value.weight",
            "bert.encoder.layer.0.attention.self.value.bias",
            "bert.encoder.layer.0.attention.output.dense.weight",
            "bert.encoder.layer.0.attention.output.dense.bias",
            "bert.encoder.layer.0.attention.output.LayerNorm.weight",
            "bert.encoder.layer.0.attention.output.LayerNorm.bias",
            "bert.encoder.layer.0.intermediate.dense.weight",
            "bert.encoder.layer.0.intermediate.dense.bias",
            "bert.encoder.layer.0.output.dense.weight",
            "bert.encoder.layer.0.output.dense.bias",
            "bert.encoder.layer.0.output.LayerNorm.weight",
            "bert.encoder.layer.0.output.LayerNorm.bias",
            "bert.pooler.dense.weight",
            "bert.pooler.dense.bias",
            "classifier.weight",
            "classifier.bias",
        ];
        Assert.Equal(expected.Order(), names.Order());
    }

    [Fact]
    public void Weights_have_the_pytorch_linear_shape_out_by_in()
    {
        using var model = new BertForPairClassification(OneLayer);

        var shapes = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal([16L, 8L], shapes["bert.encoder.layer.0.intermediate.dense.weight"]);
        Assert.Equal([2L, 8L], shapes["classifier.weight"]);
        Assert.Equal([50L, 8L], shapes["bert.embeddings.word_embeddings.weight"]);
    }

    [Fact]
    public void A_model_without_pooler_has_no_pooler_parameters_and_still_classifies()
    {
        using var model = new BertForPairClassification(OneLayer with { AddPoolingLayer = false });
        using var ids = torch.tensor(new long[] { 2, 5, 3, 7, 3, 0 }, 1, 6);
        using var types = torch.tensor(new long[] { 0, 0, 0, 1, 1, 0 }, 1, 6);
        using var mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 0 }, 1, 6);

        using var logits = model.call(ids, types, mask);

        Assert.DoesNotContain(model.named_parameters(), p => p.name.Contains("pooler"));
        Assert.Equal([1L, 2L], logits.shape);
    }
}
