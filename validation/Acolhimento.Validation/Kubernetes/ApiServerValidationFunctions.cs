using System.Text.RegularExpressions;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Kubernetes;

/// <summary>
/// One validation function of the API server that judges fields a manifest can set: the gate's rule ids that implement
/// it (<see cref="Rules"/>, with <see cref="Gap"/> naming any part left unchecked), or why no offline rule does
/// (<see cref="None"/>). Exactly one of <see cref="Rules"/> (non-empty) and <see cref="None"/> is set.
/// </summary>
public sealed record ApiServerValidationFunction(string Function, string Group, string Checks, IReadOnlyList<string> Rules, string? Gap, string? None);

/// <summary>
/// The coverage list of the API server's validation functions, loaded from <c>api-server-validation-functions.yaml</c>
/// (embedded next to this file); README's coverage table is generated from it.
/// </summary>
public sealed partial class ApiServerValidationFunctions
{
    private const string ResourceName = "Acolhimento.Validation.Kubernetes.api-server-validation-functions.yaml";

    private static readonly Lazy<ApiServerValidationFunctions> Embedded = new(() => Parse(ReadEmbedded(), ResourceName));

    private ApiServerValidationFunctions(IReadOnlyList<ApiServerValidationFunction> functions) => Functions = functions;

    /// <summary>The list shipped with this library (Kubernetes 1.35, default feature gates).</summary>
    public static ApiServerValidationFunctions BuiltIn => Embedded.Value;

    public IReadOnlyList<ApiServerValidationFunction> Functions { get; }

    /// <summary>Whether the list holds a function of this Go name (in any group).</summary>
    public bool Contains(string function) => Functions.Any(f => f.Function == function);

    /// <summary>
    /// The validation functions a <c>source</c> text of the other Kubernetes tables cites: Go identifiers starting with
    /// <c>validate</c>/<c>Validate</c> or a <c>pkg/util/validation</c> syntax check (<c>IsDNS1123Label</c>, …).
    /// </summary>
    public static IReadOnlyList<string> CitedIn(string source) =>
        [.. FunctionName().Matches(source).Select(m => m.Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Reads the list; throws <see cref="InvalidDataException"/> naming the entry when the data is malformed.</summary>
    public static ApiServerValidationFunctions Parse(string yaml, string sourceName)
    {
        var read = YamlReader.Read(yaml);
        if (read.Problems.Count > 0) throw new InvalidDataException($"{sourceName}: {read.Problems[0].At}: {read.Problems[0].Message}");
        if (read.Documents.Count != 1 || read.Documents[0].Root is not YamlMapping root || root.Sequence("functions") is not { } entries)
        {
            throw new InvalidDataException($"{sourceName}: expected one mapping with a functions list");
        }
        var functions = new List<ApiServerValidationFunction>();
        foreach (var item in entries.Items)
        {
            if (item is not YamlMapping e) throw new InvalidDataException($"{sourceName}: {item.Start}: each entry must be a mapping");
            var rules = Rules(e, sourceName);
            var none = e.String("none");
            var function = new ApiServerValidationFunction(
                Required(e, "function", sourceName), Required(e, "group", sourceName), Required(e, "checks", sourceName), rules, e.String("gap"), none);
            if ((rules.Count > 0) == (none is { Length: > 0 }))
            {
                throw new InvalidDataException($"{sourceName}: {e.Start}: {function.Group} {function.Function} must have either rules or none (a reason), not both or neither");
            }
            if (function.Gap is not null && rules.Count == 0) throw new InvalidDataException($"{sourceName}: {e.Start}: {function.Function}: gap is only for a function with rules");
            functions.Add(function);
        }
        var duplicate = functions.GroupBy(f => (f.Group, f.Function)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"{sourceName}: {duplicate.Key.Group} {duplicate.Key.Function} is listed twice");
        return new ApiServerValidationFunctions(functions);
    }

    private static IReadOnlyList<string> Rules(YamlMapping entry, string sourceName)
    {
        if (entry["rules"] is null) return [];
        var items = entry.Sequence("rules")?.Items ?? throw new InvalidDataException($"{sourceName}: {entry.Start}: rules must be a list");
        var rules = items.Select(r => r is YamlScalar { IsNull: false, Value.Length: > 0 } s ? s.Value : throw new InvalidDataException($"{sourceName}: {r.Start}: rules must be rule ids")).ToList();
        return rules.Count > 0 ? rules : throw new InvalidDataException($"{sourceName}: {entry.Start}: rules is empty (say none: and why instead)");
    }

    private static string Required(YamlMapping entry, string key, string sourceName) =>
        entry.String(key) is { Length: > 0 } value ? value : throw new InvalidDataException($"{sourceName}: {entry.Start}: entry has no {key}");

    private static string ReadEmbedded()
    {
        using var stream = typeof(ApiServerValidationFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library was built without its embedded {ResourceName}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\b(?:[vV]alidate[A-Z0-9]\w*|Is(?:DNS|Valid|Qualified|ConfigMap|EnvVar|Wildcard|Standard)\w*)")]
    private static partial Regex FunctionName();
}
