namespace Acolhimento.Validation.Yaml;

/// <summary>
/// Hands out one string instance per distinct short text, so that the keys and values a repository repeats thousands of
/// times (<c>apiVersion</c>, <c>name</c>, label values) are allocated once per pool rather than once per occurrence.
/// Not thread-safe: one pool per thread. Bounded: a slot holds the last string stored in it, so memory stays fixed.
/// </summary>
internal sealed class StringPool
{
    private const int MaxPooledLength = 64;
    private readonly string?[] _slots;

    public StringPool(int slots = 4096)
    {
        _slots = new string?[Math.Max(16, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slots))];
    }

    public string Get(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return "";
        if (text.Length > MaxPooledLength) return new string(text);
        var slot = (int)((uint)string.GetHashCode(text) & (uint)(_slots.Length - 1));
        var existing = _slots[slot];
        if (existing is not null && text.SequenceEqual(existing)) return existing;
        var created = new string(text);
        _slots[slot] = created;
        return created;
    }
}
