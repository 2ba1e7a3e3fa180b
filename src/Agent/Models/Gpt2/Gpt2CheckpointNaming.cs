using LabPortal.Agent.Models.Decoders;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>
/// A GPT-2 checkpoint's names: the body under <c>transformer.</c> (the original gpt2 files and base models have no
/// prefix), the classifier as <c>score</c>; Conv1D weights (<c>c_attn</c>, <c>c_proj</c>, <c>c_fc</c>) stored (in, out);
/// the LM head and old files' causal-mask buffers (<c>attn.bias</c>, <c>attn.masked_bias</c>) have no place here.
/// </summary>
public sealed class Gpt2CheckpointNaming() : DecoderCheckpointNaming("transformer.")
{
    private static readonly string[] Conv1DWeights = [".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight"];

    public override bool FanInFanOut => true;

    public override bool StoredTransposed(string canonical) => Conv1DWeights.Any(suffix => canonical.EndsWith(suffix, StringComparison.Ordinal));
}
