namespace LabPortal.Agent.Tokenization;

/// <summary>
/// Turns one text into token ids (without special tokens). <see cref="PairEncoder"/> builds the
/// pair layout (<c>[CLS] a [SEP] b [SEP]</c> unless <see cref="PairLayout"/> says otherwise) on top, so a
/// WordPiece tokenizer only has to implement this.
/// </summary>
public interface ITokenizer
{
    /// <summary>Ids are in [0, VocabularySize); the model's embedding table must have this many rows.</summary>
    int VocabularySize { get; }

    SpecialTokens Special { get; }

    IReadOnlyList<int> Tokenize(string text);

    /// <summary>How pairs are joined; BERT's layout unless the tokenizer's model says otherwise.</summary>
    PairLayout PairLayout => PairLayout.Bert;
}
