using LabPortal.Shared.Models;

namespace LabPortal.Agent.Models;

/// <summary>
/// How a catalogue entry of a family other than BERT's (a decoder LLM) is described, built and filled; BERT-family
/// entries keep their config and weight loader on <see cref="ModelEntry"/> itself.
/// </summary>
public interface IModelArchitecture
{
    /// <summary>For the model picker: the body's parameters (no head), its width and its layers; no weights are read.</summary>
    (long Parameters, int HiddenSize, int Layers) Shape { get; }

    /// <summary>
    /// The picker's entry, with as much of the shape as the memory estimate needs; an architecture that does not say
    /// more than <see cref="Shape"/> gets an "unknown" estimate.
    /// </summary>
    ModelInfo Describe(string name, string description) => new(name, description, Shape.Parameters, Shape.HiddenSize, Shape.Layers);

    /// <summary>A model initialised from torch's global generator (seed it first), its weights not yet loaded.</summary>
    PairClassifier Create(PairHead head, int outputs);

    /// <summary>Fills the model from the checkpoint, all or nothing.</summary>
    void LoadWeights(PairClassifier model);
}
