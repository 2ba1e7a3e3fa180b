namespace LabPortal.Agent.Lora;

/// <summary>
/// Which linear layers a target name selects, as module-path suffixes: BERT-family encoders' (for example "query"
/// selects <c>…layer.N.attention.self.query</c>) and Llama-family decoders' Hugging Face names (<c>q_proj</c> …
/// <c>down_proj</c>), GPT-2's (<c>c_attn</c>, <c>c_proj</c> of attention and MLP, <c>c_fc</c>) and T5's (<c>q</c>, <c>k</c>,
/// <c>v</c>, <c>o</c>, <c>wi</c> — which also selects a gated block's <c>wi_0</c> and <c>wi_1</c> — and <c>wo</c>);
/// "all-linear" is every linear layer of a transformer layer, as in PEFT (not the head).
/// </summary>
public static class LoraTargets
{
    private static readonly Dictionary<string, string[]> Suffixes = new()
    {
        ["query"] = [".attention.self.query"],
        ["key"] = [".attention.self.key"],
        ["value"] = [".attention.self.value"],
        ["attention.output"] = [".attention.output.dense"],
        ["intermediate"] = [".intermediate.dense"],
        ["output"] = [".output.dense"],
        ["q_proj"] = [".self_attn.q_proj"],
        ["k_proj"] = [".self_attn.k_proj"],
        ["v_proj"] = [".self_attn.v_proj"],
        ["o_proj"] = [".self_attn.o_proj"],
        ["gate_proj"] = [".mlp.gate_proj"],
        ["up_proj"] = [".mlp.up_proj"],
        ["down_proj"] = [".mlp.down_proj"],
        ["c_attn"] = [".attn.c_attn"],
        ["c_proj"] = [".attn.c_proj", ".mlp.c_proj"],
        ["c_fc"] = [".mlp.c_fc"],
        ["q"] = [".SelfAttention.q"],
        ["k"] = [".SelfAttention.k"],
        ["v"] = [".SelfAttention.v"],
        ["o"] = [".SelfAttention.o"],
        ["wi"] = [".DenseReluDense.wi", ".DenseReluDense.wi_0", ".DenseReluDense.wi_1"],
        ["wi_0"] = [".DenseReluDense.wi_0"],
        ["wi_1"] = [".DenseReluDense.wi_1"],
        ["wo"] = [".DenseReluDense.wo"],
        ["all-linear"] =
        [
            ".attention.self.query", ".attention.self.key", ".attention.self.value", ".output.dense", ".intermediate.dense",
            ".self_attn.q_proj", ".self_attn.k_proj", ".self_attn.v_proj", ".self_attn.o_proj", ".mlp.gate_proj", ".mlp.up_proj", ".mlp.down_proj",
            ".attn.c_attn", ".attn.c_proj", ".mlp.c_fc", ".mlp.c_proj",
            ".SelfAttention.q", ".SelfAttention.k", ".SelfAttention.v", ".SelfAttention.o",
            ".DenseReluDense.wi", ".DenseReluDense.wi_0", ".DenseReluDense.wi_1", ".DenseReluDense.wo",
        ],
    };

    public static IReadOnlyCollection<string> Names => Suffixes.Keys;

    /// <summary>Whether the module at <paramref name="path"/> is one of <paramref name="targets"/>.</summary>
    public static bool Selects(IEnumerable<string> targets, string path) => targets.Any(target =>
        Suffixes.TryGetValue(target, out var suffixes)
            ? suffixes.Any(suffix => path.EndsWith(suffix, StringComparison.Ordinal) && IsLayerLevel(path, suffix, target))
            : throw new ArgumentException($"Unknown LoRA target '{target}'; known: {string.Join(", ", Suffixes.Keys)}."));

    // "output" means the feed-forward output of a layer, not the attention block's output (that is "attention.output").
    private static bool IsLayerLevel(string path, string suffix, string target) =>
        target != "output" || !path.EndsWith(".attention.output.dense", StringComparison.Ordinal);
}
