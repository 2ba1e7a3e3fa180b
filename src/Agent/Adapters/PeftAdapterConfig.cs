using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Agent.Lora;

namespace LabPortal.Agent.Adapters;

/// <summary>
/// <c>adapter_config.json</c> as Hugging Face PEFT writes it for a LoRA adapter on a sequence classifier: the fields
/// this agent sets and reads (PEFT's other fields keep their defaults when it loads the file; unknown ones are ignored here).
/// </summary>
public sealed record PeftAdapterConfig
{
    public const string FileName = "adapter_config.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        RespectNullableAnnotations = true,
    };

    public string PeftType { get; init; } = "LORA";

    public string TaskType { get; init; } = "SEQ_CLS";

    /// <summary>The rank of every adapter (2r for a C2 adapter converted on save).</summary>
    public required int R { get; init; }

    public required double LoraAlpha { get; init; }

    public double LoraDropout { get; init; }

    /// <summary>PEFT module names: a layer is adapted when its path equals one or ends with "." + one.</summary>
    public required IReadOnlyList<string> TargetModules { get; init; }

    public bool UseRslora { get; init; }

    public string Bias { get; init; } = "none";

    public string? BaseModelNameOrPath { get; init; }

    /// <summary>Modules saved whole beside the adapters (the head), matched like <see cref="TargetModules"/>.</summary>
    public IReadOnlyList<string>? ModulesToSave { get; init; }

    /// <summary>
    /// true or false, or PEFT's name of an initialisation ("pissa", "olora", …). Only a boolean is accepted on load: a
    /// named one says the weights are relative to a modified base, which only PEFT can rebuild.
    /// </summary>
    public JsonNode? InitLoraWeights { get; init; } = true;

    /// <summary>True for GPT-2's Conv1D layers (PEFT's flag; lora_A and lora_B keep their shapes either way). Checked against the model on load.</summary>
    public bool FanInFanOut { get; init; }

    public bool InferenceMode { get; init; } = true;

    /// <summary>The injection settings the saved weights fit (initialisation is irrelevant: the weights overwrite it).</summary>
    public LoraSettings ToSettings() => new(R, LoraAlpha, LoraDropout, UseRslora, TargetModules, DecompositionInit: false);

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads and checks the config; anything this agent cannot apply faithfully is an error naming the file.</summary>
    public static PeftAdapterConfig Read(string path)
    {
        PeftAdapterConfig config;
        try
        {
            config = JsonSerializer.Deserialize<PeftAdapterConfig>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}: not a LoRA adapter config ({exception.Message})", exception);
        }

        var problem = config switch
        {
            { PeftType: not "LORA" } => $"peft_type is \"{config.PeftType}\"; only LORA adapters can be applied",
            { Bias: not "none" } => $"bias is \"{config.Bias}\"; adapters that train biases are not supported",
            { R: < 1 } => $"r must be at least 1 (got {config.R})",
            { TargetModules.Count: 0 } => "target_modules is empty",
            _ when config.InitLoraWeights?.GetValueKind() is not (null or JsonValueKind.True or JsonValueKind.False) =>
                $"init_lora_weights is {config.InitLoraWeights!.ToJsonString()}: the weights are relative to base weights PEFT modified at init; save it converted (plain LoRA) first",
            _ => null,
        };
        return problem is null ? config : throw new InvalidDataException($"{path}: {problem}.");
    }
}
