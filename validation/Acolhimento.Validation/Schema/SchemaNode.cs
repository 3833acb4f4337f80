using System.Text.RegularExpressions;

namespace Acolhimento.Validation.Schema;

/// <summary>JSON types a schema admits; <see cref="Any"/> (no bit) means the schema does not constrain the type.</summary>
[Flags]
public enum JsonTypes
{
    Any = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Integer = 8,
    Number = 16,
    Boolean = 32,
}

/// <summary>How a schema was written: built-in OpenAPI (Go structs) or a CRD structural schema; they differ on free-form objects.</summary>
internal enum SchemaDialect
{
    OpenApi,
    Structural,
}

/// <summary>
/// A compiled structural schema: what the API server checks on one value. Built once by <see cref="SchemaCompiler"/>
/// (which fills the fields while resolving possibly cyclic <c>$ref</c>s) and read-only afterwards, so validators
/// on many threads can share it.
/// </summary>
public sealed class SchemaNode
{
    private static readonly IReadOnlyDictionary<string, SchemaNode> NoProperties = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);

    /// <summary>Component name (<c>io.k8s.api.apps.v1.DeploymentSpec</c>) or CRD-relative path, for messages and debugging.</summary>
    public string Name { get; internal set; } = "";

    public JsonTypes Types { get; internal set; }

    public bool Nullable { get; internal set; }

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; internal set; } = NoProperties;

    /// <summary>Schema of map values (<c>additionalProperties</c>), when the object is a map.</summary>
    public SchemaNode? AdditionalProperties { get; internal set; }

    /// <summary>Fields not in <see cref="Properties"/> are accepted: <c>x-kubernetes-preserve-unknown-fields</c> or a free-form built-in object.</summary>
    public bool AllowsUnknownFields { get; internal set; }

    public SchemaNode? Items { get; internal set; }

    public IReadOnlyList<string> Required { get; internal set; } = [];

    /// <summary>The schema declares a <c>default</c>: in a CRD the API server fills it in before validating.</summary>
    public bool HasDefault { get; internal set; }

    /// <summary>Allowed values in canonical form (see <see cref="EnumValue"/>), or null when not an enum.</summary>
    public IReadOnlyList<EnumValue>? Enum { get; internal set; }

    /// <summary>An empty string is not checked against <see cref="Enum"/>: the API server defaults it or treats it as unset (a plain Go string field).</summary>
    public bool EnumEmptyIsUnset { get; internal set; }

    public string? Format { get; internal set; }

    /// <summary>A syntax the API server's validation code checks on a non-empty string (see <c>Kubernetes/api-server-fields.yaml</c>).</summary>
    public ApiServer.ApiFormat? ApiFormat { get; internal set; }

    /// <summary>The syntax of a map's keys the API server checks (label maps of selectors, data keys).</summary>
    public ApiServer.ApiFormat? KeyFormat { get; internal set; }

    public string? PatternText { get; internal set; }

    /// <summary>The compiled <see cref="PatternText"/>, or null when .NET cannot express it; compiled on first use, since most schema patterns never meet a value.</summary>
    public SchemaPattern? Pattern => _pattern?.Value;

    private Lazy<SchemaPattern?>? _pattern;

    /// <summary>Sets <see cref="PatternText"/> and its regex, compiled lazily (thread-safe: validators share nodes).</summary>
    internal void UsePattern(string text)
    {
        PatternText = text;
        _pattern = new Lazy<SchemaPattern?>(() => SchemaPatterns.Compile(text));
    }

    internal void CopyPatternFrom(SchemaNode source)
    {
        PatternText = source.PatternText;
        _pattern = source._pattern;
    }

    public decimal? Minimum { get; internal set; }

    public decimal? Maximum { get; internal set; }

    public bool ExclusiveMinimum { get; internal set; }

    public bool ExclusiveMaximum { get; internal set; }

    public long? MinLength { get; internal set; }

    public long? MaxLength { get; internal set; }

    public long? MinItems { get; internal set; }

    public long? MaxItems { get; internal set; }

    public long? MinProperties { get; internal set; }

    public long? MaxProperties { get; internal set; }

    /// <summary><c>x-kubernetes-int-or-string</c>: an integer or a string.</summary>
    public bool IntOrString { get; internal set; }

    /// <summary>A Kubernetes resource quantity (<c>500m</c>, <c>1Gi</c>, or a number).</summary>
    public bool IsQuantity { get; internal set; }

    /// <summary><c>x-kubernetes-embedded-resource</c>: an object with its own apiVersion, kind and metadata.</summary>
    public bool EmbeddedResource { get; internal set; }

    /// <summary><c>x-kubernetes-list-type</c> (<c>atomic</c>, <c>set</c>, <c>map</c>).</summary>
    public string? ListType { get; internal set; }

    public IReadOnlyList<string> ListMapKeys { get; internal set; } = [];

    /// <summary>The CEL rules (<c>x-kubernetes-validations</c>) the schema declares on this value; <see cref="Cel.CelRuleValidator"/> evaluates them.</summary>
    public IReadOnlyList<Cel.CrdValidationRule> CelRules { get; internal set; } = [];

    /// <summary>Value-only constraints that could not be merged into this node (CRD <c>allOf</c> branches).</summary>
    public IReadOnlyList<SchemaNode> AllOf { get; internal set; } = [];

    public IReadOnlyList<SchemaNode> AnyOf { get; internal set; } = [];

    public IReadOnlyList<SchemaNode> OneOf { get; internal set; } = [];

    public SchemaNode? Not { get; internal set; }

    /// <summary>Set while the compiler fills this node; a reference cycle may see it unfinished and must not merge it.</summary>
    internal bool Complete { get; set; }

    /// <summary>The property schema for <paramref name="field"/>, looking into value-only allOf branches too.</summary>
    public SchemaNode? Property(string field)
    {
        if (Properties.TryGetValue(field, out var schema)) return schema;
        for (var i = 0; i < AllOf.Count; i++)
        {
            if (AllOf[i].Property(field) is { } found) return found;
        }
        return null;
    }

    /// <summary>Every field name this object schema declares, for "did you mean" suggestions.</summary>
    public IEnumerable<string> KnownFields() => Properties.Keys.Concat(AllOf.SelectMany(b => b.KnownFields())).Distinct(StringComparer.Ordinal);

    public override string ToString() => Name.Length > 0 ? Name : Types.ToString();
}

/// <summary>An enum value in a canonical form comparable with YAML scalars: <c>s:text</c>, <c>n:12.5</c>, <c>b:true</c>, <c>null</c>.</summary>
public readonly record struct EnumValue(string Canonical, string Display)
{
    public override string ToString() => Display;
}
