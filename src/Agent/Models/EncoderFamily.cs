namespace LabPortal.Agent.Models;

/// <summary>
/// Which Hugging Face encoder the weights follow. The two share every module; RoBERTa differs in the name of the
/// encoder inside the classifier (<c>roberta.</c>) and in how position ids are counted.
/// </summary>
public enum EncoderFamily
{
    /// <summary>model_type "bert": positions 0, 1, 2, …; parameters under <c>bert.</c>.</summary>
    Bert,

    /// <summary>
    /// model_type "roberta": positions count real tokens only and start after the padding id (pad + 1, pad + 2, …;
    /// padding gets pad), as RobertaEmbeddings does; parameters under <c>roberta.</c>.
    /// </summary>
    Roberta,
}
