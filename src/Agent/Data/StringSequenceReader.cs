namespace LabPortal.Agent.Data;

/// <summary>A <see cref="TextReader"/> over a lazy sequence of strings, read in order and only as far as needed.</summary>
public sealed class StringSequenceReader(IEnumerable<string> parts) : TextReader
{
    private readonly IEnumerator<string> _parts = parts.GetEnumerator();
    private string _current = "";
    private int _position;

    public override int Peek() => Fill() ? _current[_position] : -1;

    public override int Read() => Fill() ? _current[_position++] : -1;

    public override int Read(char[] buffer, int index, int count)
    {
        if (!Fill())
        {
            return 0;
        }

        var taken = Math.Min(count, _current.Length - _position);
        _current.CopyTo(_position, buffer, index, taken);
        _position += taken;
        return taken;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _parts.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Moves to the next non-empty part when the current one is used up; false at the end.</summary>
    private bool Fill()
    {
        while (_position >= _current.Length)
        {
            if (!_parts.MoveNext())
            {
                return false;
            }

            (_current, _position) = (_parts.Current, 0);
        }

        return true;
    }
}
