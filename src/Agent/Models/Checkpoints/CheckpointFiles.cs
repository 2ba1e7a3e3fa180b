namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>The file names of a Hugging Face checkpoint folder (as <c>save_pretrained</c> writes them).</summary>
public static class CheckpointFiles
{
    public const string Config = "config.json";
    public const string Safetensors = "model.safetensors";
    public const string PytorchBin = "pytorch_model.bin";
    public const string ShardedSafetensorsIndex = "model.safetensors.index.json";

    /// <summary>BERT's WordPiece vocabulary, one token per line.</summary>
    public const string WordPieceVocabulary = "vocab.txt";

    /// <summary>RoBERTa's byte-level BPE vocabulary (token → id) and its ranked merges.</summary>
    public const string BpeVocabulary = "vocab.json";
    public const string BpeMerges = "merges.txt";

    public const string TokenizerConfig = "tokenizer_config.json";

    /// <summary>A decoder LLM's tokenizer (Hugging Face's fast-tokenizer file: vocabulary, merges, special tokens).</summary>
    public const string TokenizerJson = "tokenizer.json";

    /// <summary>A SentencePiece model (Llama 2, Mistral; T5 in newer uploads).</summary>
    public const string SentencePieceModel = "tokenizer.model";

    /// <summary>T5's SentencePiece model under the name its slow tokenizer gives it.</summary>
    public const string T5SentencePieceModel = "spiece.model";
}
