namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// Maps tensor names between checkpoints and this model. A name is compared without the encoder prefix
/// (<c>bert.</c> / <c>roberta.</c>: base-model checkpoints have none) and with LayerNorm's old <c>gamma</c>/<c>beta</c>
/// spelled <c>weight</c>/<c>bias</c>. RoBERTa's classification head (<c>classifier.dense</c> + <c>classifier.out_proj</c>)
/// is this model's pooler dense + classifier: the same dense → tanh → linear on the first token.
/// </summary>
public static class CheckpointKeys
{
    private const string RobertaHeadDense = "classifier.dense.";
    private const string RobertaHeadOut = "classifier.out_proj.";
    private const string Pooler = "pooler.dense.";
    private const string Classifier = "classifier.";

    /// <summary>The name compared with the model's; <paramref name="fromRobertaHead"/> marks a RoBERTa head tensor.</summary>
    public static string Canonical(string checkpointKey, BertConfig config, out bool fromRobertaHead)
    {
        var key = checkpointKey;
        var prefix = config.BaseModelPrefix + ".";
        if (key.StartsWith(prefix, StringComparison.Ordinal))
        {
            key = key[prefix.Length..];
        }

        if (key.EndsWith("LayerNorm.gamma", StringComparison.Ordinal))
        {
            key = key[..^"gamma".Length] + "weight";
        }
        else if (key.EndsWith("LayerNorm.beta", StringComparison.Ordinal))
        {
            key = key[..^"beta".Length] + "bias";
        }

        fromRobertaHead = config.Family == EncoderFamily.Roberta
            && (key.StartsWith(RobertaHeadDense, StringComparison.Ordinal) || key.StartsWith(RobertaHeadOut, StringComparison.Ordinal));
        if (!fromRobertaHead)
        {
            return key;
        }

        return key.StartsWith(RobertaHeadDense, StringComparison.Ordinal)
            ? Pooler + key[RobertaHeadDense.Length..]
            : Classifier + key[RobertaHeadOut.Length..];
    }

    /// <summary>A model parameter's name as compared: without the encoder prefix.</summary>
    public static string Canonical(string parameterName, BertConfig config)
    {
        var prefix = config.BaseModelPrefix + ".";
        return parameterName.StartsWith(prefix, StringComparison.Ordinal) ? parameterName[prefix.Length..] : parameterName;
    }

    /// <summary>The name written on export: Hugging Face's <c>…ForSequenceClassification</c> layout.</summary>
    public static string Exported(string parameterName, BertConfig config)
    {
        if (config.Family != EncoderFamily.Roberta)
        {
            return parameterName;
        }

        var canonical = Canonical(parameterName, config);
        return canonical.StartsWith(Pooler, StringComparison.Ordinal) ? RobertaHeadDense + canonical[Pooler.Length..]
            : canonical.StartsWith(Classifier, StringComparison.Ordinal) ? RobertaHeadOut + canonical[Classifier.Length..]
            : parameterName;
    }

    /// <summary>Whether the parameter belongs to the classification head (kept at its seeded init when absent or of another shape).</summary>
    public static bool IsClassifier(string canonical) => canonical.StartsWith(Classifier, StringComparison.Ordinal);

    /// <summary>Whether a missing tensor may keep its seeded init: RoBERTa checkpoints usually ship no pooler.</summary>
    public static bool IsOptional(string canonical, BertConfig config) =>
        IsClassifier(canonical) || (config.Family == EncoderFamily.Roberta && canonical.StartsWith(Pooler, StringComparison.Ordinal));
}
