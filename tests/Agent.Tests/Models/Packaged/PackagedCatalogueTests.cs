using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;

namespace LabPortal.Agent.Tests.Models.Packaged;

[Collection(PackagedEncoderCollection.Name)]
public sealed class PackagedCatalogueTests(PackagedEncoderFixture fixture)
{
    [Fact]
    public void The_default_catalogue_offers_tiny_minilm_and_arctic_xs()
    {
        Assert.Equal(["arctic-xs", "minilm", "tiny"], ModelCatalogue.Default.Names.Order());
    }

    [Fact]
    public void Minilm_is_built_with_the_config_read_from_its_graph_and_22_7_million_encoder_parameters()
    {
        var model = fixture.Loaded("minilm").Bert;

        var encoderParameters = model.named_parameters().Where(p => p.name.StartsWith("bert.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());

        Assert.Equal(
            new BertConfig
            {
                VocabSize = 30522, HiddenSize = 384, NumHiddenLayers = 6, NumAttentionHeads = 12, IntermediateSize = 1536,
                MaxPositionEmbeddings = 512, TypeVocabSize = 2, LayerNormEps = 1e-12, AddPoolingLayer = true, PadTokenId = 0,
            },
            model.Config);
        Assert.Equal(22_713_216, encoderParameters);
    }

    [Fact]
    public void The_catalogue_describes_its_models_for_the_portal_with_the_sizes_the_built_models_have()
    {
        var infos = fixture.Catalogue.Describe().ToDictionary(i => i.Name);

        Assert.Equal((22_713_216L, 384, 6), (infos["minilm"].Parameters, infos["minilm"].HiddenSize, infos["minilm"].Layers));
        // and the rest of the shape the portal's memory estimate needs
        Assert.Equal(("bert", 1536, 12, 30522, "fp32"), (infos["minilm"].Family, infos["minilm"].IntermediateSize, infos["minilm"].AttentionHeads, infos["minilm"].VocabSize, infos["minilm"].StoredPrecision));
        Assert.True(infos["arctic-xs"].HasMemoryShape);
        var tiny = new ModelCatalogue([TinyModel.Entry]).Describe().Single();
        Assert.Equal(("bert", 512, 2, "fp32"), (tiny.Family, tiny.IntermediateSize, tiny.AttentionHeads, tiny.StoredPrecision));
        var arctic = fixture.Loaded("arctic-xs").Model.named_parameters().Where(p => p.name.StartsWith("bert.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());
        Assert.Equal(arctic, infos["arctic-xs"].Parameters);
    }

    [Fact]
    public void A_model_whose_package_file_is_missing_is_left_out_and_reported()
    {
        var missing = new PackagedModel("gone", "SentenceTransformers.Gone.dll", "SentenceTransformers.Gone.Resources.", "a package that is not there", PairHead.BiMean);
        var catalogue = new ModelCatalogue([TinyModel.Entry, PackagedModelEntry.Create(missing, fixture.Cache)]);
        var skipped = new List<string>();

        var infos = catalogue.Describe((name, _) => skipped.Add(name));

        Assert.Equal(["tiny"], infos.Select(i => i.Name));
        Assert.Equal(["gone"], skipped);
    }

    [Fact]
    public void Arctic_xs_has_the_same_shape_without_a_pooler()
    {
        var model = fixture.Loaded("arctic-xs").Bert;

        Assert.False(model.Config.AddPoolingLayer);
        Assert.Equal((384, 6, 12, 1536), (model.Config.HiddenSize, model.Config.NumHiddenLayers, model.Config.NumAttentionHeads, model.Config.IntermediateSize));
        Assert.DoesNotContain(model.named_parameters(), p => p.name.Contains("pooler", StringComparison.Ordinal));
    }

    [Fact]
    public void The_classifier_head_keeps_its_seeded_random_initialisation()
    {
        var classifier = fixture.Loaded("minilm").Model.named_parameters().Single(p => p.name == "classifier.weight").parameter;

        var std = classifier.std().item<float>();

        Assert.InRange(std, 0.01f, 0.03f); // N(0, 0.02), as BertInitializer draws it
    }
}
