namespace Acolhimento.Validation.Yaml;

/// <summary>
/// The text of a scalar that is not one slice of the input (folded, escaped, literal): one growable buffer reused for every
/// such scalar of a file. (A StringBuilder reallocates its whole capacity when cleared after growing past one chunk.)
/// </summary>
internal sealed class ScalarText
{
    private char[] _chars = new char[256];

    private int _length;

    public ScalarText Clear()
    {
        _length = 0;
        return this;
    }

    public ScalarText Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(Reserve(text.Length));
        return this;
    }

    public ScalarText Append(char c, int count = 1)
    {
        Reserve(count).Fill(c);
        return this;
    }

    public override string ToString() => new(_chars, 0, _length);

    /// <summary>The next <paramref name="count"/> characters, appended (to be written by the caller).</summary>
    private Span<char> Reserve(int count)
    {
        var length = _length;
        if (_chars.Length - length < count)
        {
            var larger = new char[(int)Math.Min(Math.Max((long)length + count, _chars.Length * 2L), Array.MaxLength)];
            _chars.AsSpan(0, length).CopyTo(larger);
            _chars = larger;
        }
        _length = length + count;
        return _chars.AsSpan(length, count);
    }
}
