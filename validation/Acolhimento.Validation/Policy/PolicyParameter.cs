using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// A setting of <c>policy/config.yaml</c> a rule reads, declared next to the rule's code (as kube-linter's check templates
/// declare theirs): its key, type, default and what it means. The reader, <c>policies explain</c> and the generated
/// <c>policy/README.md</c> all work from these declarations; a new parameter is one declaration and its use.
/// </summary>
public abstract record PolicyParameter(string Name, string Description)
{
    /// <summary>The type as the README shows it.</summary>
    public abstract string TypeName { get; }

    /// <summary>An empty value is meaningful, so the key may be left out even when a rule that reads it runs.</summary>
    public bool Optional { get; init; }

    /// <summary>The value used when the key is absent.</summary>
    public abstract object? DefaultValue { get; }

    /// <summary>Reads the key from <paramref name="root"/> (present); problems are reported through <paramref name="fields"/>.</summary>
    internal abstract object? Read(PolicyYaml.Fields fields, YamlMapping root);

    /// <summary>A value as <c>policies explain</c> and the README show it.</summary>
    public abstract string Describe(object? value);
}

/// <summary>A parameter whose value is a <typeparamref name="T"/>.</summary>
public abstract record PolicyParameter<T>(string Name, string Description) : PolicyParameter(Name, Description)
{
    public abstract T Default { get; }

    public override object? DefaultValue => Default;

    public override string Describe(object? value) => Show(value is T typed ? typed : Default);

    protected abstract string Show(T value);
}

/// <summary>A list of non-empty strings.</summary>
internal sealed record StringListParameter(string Name, string Description) : PolicyParameter<IReadOnlyList<string>>(Name, Description)
{
    public override string TypeName => "list of strings";

    public override IReadOnlyList<string> Default => [];

    internal override object? Read(PolicyYaml.Fields fields, YamlMapping root) => fields.OptionalStringList(root, Name);

    protected override string Show(IReadOnlyList<string> value) => "[" + string.Join(", ", value) + "]";
}

/// <summary>A non-empty string.</summary>
internal sealed record StringParameter(string Name, string Description) : PolicyParameter<string>(Name, Description)
{
    public override string TypeName => "string";

    public override string Default => "";

    internal override object? Read(PolicyYaml.Fields fields, YamlMapping root) => fields.RequiredString(root, Name) ?? "";

    protected override string Show(string value) => value.Length > 0 ? value : "(none)";
}

/// <summary>A mapping of label to value (at least one).</summary>
internal sealed record LabelMapParameter(string Name, string Description) : PolicyParameter<IReadOnlyDictionary<string, string>>(Name, Description)
{
    public override string TypeName => "map of label to value";

    public override IReadOnlyDictionary<string, string> Default { get; } = new Dictionary<string, string>();

    internal override object? Read(PolicyYaml.Fields fields, YamlMapping root) => fields.RequiredStringMap(root, Name);

    protected override string Show(IReadOnlyDictionary<string, string> value) =>
        "{" + string.Join(", ", value.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + "}";
}

/// <summary>One of a fixed set of names, each standing for a value; absent is null.</summary>
internal sealed record ChoiceParameter<T>(string Name, string Description, IReadOnlyDictionary<string, T> Choices, string WhenAbsent)
    : PolicyParameter<T?>(Name, Description) where T : struct
{
    public override string TypeName => string.Join(" | ", Choices.Keys);

    public override T? Default => null;

    internal override object? Read(PolicyYaml.Fields fields, YamlMapping root)
    {
        if (fields.RequiredString(root, Name) is not { } text) return null;
        if (Choices.TryGetValue(text, out var chosen)) return chosen;
        fields.Problem(root[Name]!, $"\"{Name}\" must be one of {string.Join(", ", Choices.Keys)}, found \"{text}\"");
        return null;
    }

    protected override string Show(T? value) => value is { } v ? Choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, v)).Key : WhenAbsent;
}
