using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Render;

/// <summary>
/// One share of a fleet's clusters for a CI matrix (<c>--shard K/N</c>): a cluster belongs to shard
/// <c>1 + (first 8 bytes of SHA-256(name), big-endian) mod N</c>. The assignment depends on the name alone, so adding
/// or removing a cluster never moves another one, and every machine computes the same shares.
/// </summary>
public sealed record ClusterShard(int Index, int Count)
{
    /// <summary>Most shards of one run: a bound, so that a typo cannot ask for millions of empty shards.</summary>
    public const int MaxCount = 1000;

    public bool Takes(string cluster) => Of(cluster, Count) == Index;

    /// <summary>The shard (1-based) of <paramref name="cluster"/> among <paramref name="count"/>.</summary>
    public static int Of(string cluster, int count) =>
        (int)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(cluster))) % (ulong)count) + 1;

    /// <summary>Reads <c>K/N</c> (1 ≤ K ≤ N ≤ <see cref="MaxCount"/>); anything else cannot be validated.</summary>
    public static ClusterShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var index)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out var count) && count is >= 1 and <= MaxCount && index >= 1 && index <= count)
            return new ClusterShard(index, count);
        throw new CannotValidateException($"--shard {text}: expected K/N with 1 ≤ K ≤ N ≤ {MaxCount}, e.g. 2/8 for the second of eight shards");
    }

    public override string ToString() => $"{Index}/{Count}";
}
