using LabPortal.Agent.Models;

namespace LabPortal.Agent.Tests.Models;

public sealed class BertParameterLayoutTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_layout_lists_exactly_the_encoder_parameters_of_the_model_with_their_shapes(bool pooler)
    {
        var config = new BertConfig
        {
            VocabSize = 50, HiddenSize = 8, NumHiddenLayers = 2, NumAttentionHeads = 2, IntermediateSize = 16, MaxPositionEmbeddings = 32, AddPoolingLayer = pooler,
        };
        using var model = new BertForPairClassification(config);

        var actual = model.named_parameters().Where(p => p.name.StartsWith("bert.", StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => string.Join("×", p.parameter.shape));
        var expected = BertParameterLayout.Encoder(config).ToDictionary(p => p.Name, p => string.Join("×", p.Shape));

        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }
}
