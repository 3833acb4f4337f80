using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Oracle;

/// <summary>
/// Cases where the gate deliberately differs from the API server, each with its reason: a text file of lines
/// <c>ID  reason</c> (blank lines and <c># comments</c> ignored). A case listed twice or without a reason is refused.
/// </summary>
public sealed record KnownDifferences(IReadOnlyDictionary<string, string> Reasons)
{
    public static readonly KnownDifferences None = new(new Dictionary<string, string>(StringComparer.Ordinal));

    public IEnumerable<string> Ids => Reasons.Keys;

    public bool Contains(string id) => Reasons.ContainsKey(id);

    public string? ReasonOf(string id) => Reasons.TryGetValue(id, out var reason) ? reason : null;

    public static KnownDifferences Load(string path)
    {
        if (!File.Exists(path)) throw new CannotValidateException($"known-differences file {path} does not exist");
        return Parse(File.ReadAllLines(path), path);
    }

    public static KnownDifferences Parse(IEnumerable<string> lines, string path)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var split = line.IndexOfAny([' ', '\t']);
            if (split < 0) throw new CannotValidateException($"{path}:{number}: case {line} has no reason; every listed difference says why");
            var id = line[..split];
            if (!reasons.TryAdd(id, line[split..].Trim())) throw new CannotValidateException($"{path}:{number}: case {id} is listed twice");
        }
        return new KnownDifferences(reasons);
    }
}
