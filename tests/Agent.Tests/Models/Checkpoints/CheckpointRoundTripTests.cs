using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tokenization;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Checkpoints;

public sealed class CheckpointRoundTripTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_exported_bert_loads_back_with_identical_parameters_and_outputs()
    {
        var folder = Path.Combine(_temp.Path, "bert");
        using var original = SmallCheckpoints.WriteBert(folder);

        using var loaded = new ModelCatalogue([]).Create(folder, seed: 99, torch.CPU);

        AssertSameParameters(original, loaded.Bert);
        using var expected = SmallCheckpoints.Logits(original, SmallCheckpoints.WordPiece());
        using var actual = SmallCheckpoints.Logits(loaded.Bert, loaded.Tokenizer);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0), "logits differ after export and load");
        Assert.Equal(SmallCheckpoints.WordPieceTokens, ((WordPieceBertTokenizer)loaded.Tokenizer).Tokens);
    }

    [Fact]
    public void The_exported_bert_folder_holds_hugging_face_files_and_names()
    {
        var folder = Path.Combine(_temp.Path, "bert");
        using var original = SmallCheckpoints.WriteBert(folder);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        var tokenizerConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")))!;
        using var tensors = new TensorBag(SafetensorsFile.Read(Path.Combine(folder, "model.safetensors")).Tensors);

        Assert.Equal("bert", config["model_type"]!.GetValue<string>());
        Assert.Equal("BertForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal(32, config["hidden_size"]!.GetValue<int>());
        Assert.True(tokenizerConfig["do_lower_case"]!.GetValue<bool>());
        Assert.Equal(SmallCheckpoints.WordPieceTokens, File.ReadAllLines(Path.Combine(folder, "vocab.txt")));
        Assert.Equal(original.named_parameters().Select(p => p.name).Order(), tensors.Tensors.Keys.Order());
    }

    [Fact]
    public void An_exported_roberta_loads_back_with_identical_parameters_and_outputs()
    {
        var folder = Path.Combine(_temp.Path, "roberta");
        using var original = SmallCheckpoints.WriteRoberta(folder);

        using var loaded = new ModelCatalogue([]).Create(folder, seed: 99, torch.CPU);

        Assert.Equal(EncoderFamily.Roberta, loaded.Bert.Config.Family);
        Assert.StartsWith("roberta.", loaded.Model.named_parameters().First().name, StringComparison.Ordinal);
        AssertSameParameters(original, loaded.Bert);
        using var expected = SmallCheckpoints.Logits(original, SmallCheckpoints.Bpe());
        using var actual = SmallCheckpoints.Logits(loaded.Bert, loaded.Tokenizer);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0), "logits differ after export and load");
        Assert.Equal(SmallCheckpoints.Bpe().Tokenize(" hello world"), loaded.Tokenizer.Tokenize(" hello world"));
    }

    [Fact]
    public void An_exported_roberta_uses_hugging_face_roberta_classification_head_names()
    {
        var folder = Path.Combine(_temp.Path, "roberta");
        using var original = SmallCheckpoints.WriteRoberta(folder);

        using var tensors = new TensorBag(SafetensorsFile.Read(Path.Combine(folder, "model.safetensors")).Tensors);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;

        Assert.Equal("roberta", config["model_type"]!.GetValue<string>());
        Assert.Equal(1, config["pad_token_id"]!.GetValue<int>());
        Assert.Contains("classifier.dense.weight", tensors.Tensors.Keys);
        Assert.Contains("classifier.out_proj.weight", tensors.Tensors.Keys);
        Assert.Contains("roberta.embeddings.word_embeddings.weight", tensors.Tensors.Keys);
        Assert.DoesNotContain("roberta.pooler.dense.weight", tensors.Tensors.Keys);
        Assert.Equal(SmallCheckpoints.BpeMerges, File.ReadAllText(Path.Combine(folder, "merges.txt")));
    }

    [Fact]
    public void A_pytorch_bin_with_old_names_and_no_head_loads_the_encoder_and_keeps_the_seeded_head()
    {
        var folder = Path.Combine(_temp.Path, "bin");
        using (var exported = SmallCheckpoints.WriteBert(folder))
        {
            // As an old base-model checkpoint: no "bert." prefix, LayerNorm.gamma/beta, a pre-training head, no classifier.
            File.Delete(Path.Combine(folder, "model.safetensors"));
            using var positionIds = torch.arange(66, dtype: torch.int64).unsqueeze(0);
            using var mlmBias = torch.zeros(SmallCheckpoints.WordPieceTokens.Length);
            var tensors = exported.named_parameters()
                .Where(p => !p.name.StartsWith("classifier.", StringComparison.Ordinal))
                .Select(p => (p.name["bert.".Length..].Replace("LayerNorm.weight", "LayerNorm.gamma").Replace("LayerNorm.bias", "LayerNorm.beta"), (torch.Tensor)p.parameter))
                .Append(("embeddings.position_ids", positionIds))
                .Append(("cls.predictions.bias", mlmBias))
                .ToList();
            PytorchStateDictFile.Write(Path.Combine(folder, "pytorch_model.bin"), tensors);
        }

        using var original = SmallCheckpoints.Model(SmallCheckpoints.SmallConfig(SmallCheckpoints.WordPieceTokens.Length, EncoderFamily.Bert, 0));
        torch.manual_seed(5);
        using var model = new BertForPairClassification(original.Config);
        BertInitializer.Apply(model, original.Config);
        using var seededClassifier = model.named_parameters().First(p => p.name == "classifier.weight").parameter.detach().clone();

        var summary = CheckpointWeights.Load(model, Path.Combine(folder, "pytorch_model.bin"));

        Assert.False(summary.ClassifierLoaded);
        Assert.Equal(["classifier.bias", "classifier.weight"], summary.KeptInitialised.Order());
        Assert.Equal(["cls.predictions.bias", "embeddings.position_ids"], summary.Unused);
        AssertSameParameters(original, model, except: "classifier.");
        Assert.True(seededClassifier.allclose(model.named_parameters().First(p => p.name == "classifier.weight").parameter, rtol: 0, atol: 0));
    }

    [Fact]
    public void A_classifier_for_another_number_of_labels_is_not_loaded()
    {
        var folder = Path.Combine(_temp.Path, "three-labels");
        using var exported = SmallCheckpoints.WriteBert(folder);
        var path = Path.Combine(folder, "model.safetensors");
        using (var three = torch.ones(3, 32))
        {
            var tensors = exported.named_parameters()
                .Select(p => (p.name, p.name == "classifier.weight" ? three : (torch.Tensor)p.parameter))
                .ToList();
            SafetensorsFile.Write(path, tensors);
        }

        using var model = new BertForPairClassification(exported.Config);
        var summary = CheckpointWeights.Load(model, path);

        Assert.False(summary.ClassifierLoaded);
        Assert.Contains("classifier.bias", summary.KeptInitialised); // the head is taken whole or not at all
        AssertSameParameters(exported, model, except: "classifier.");
    }

    private static void AssertSameParameters(BertForPairClassification expected, BertForPairClassification actual, string? except = null)
    {
        var actualByName = actual.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in expected.named_parameters())
        {
            if (except is not null && name.StartsWith(except, StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(parameter.allclose(actualByName[name], rtol: 0, atol: 0), $"{name} differs");
        }
    }
}
