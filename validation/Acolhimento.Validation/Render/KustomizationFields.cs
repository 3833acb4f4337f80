using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>How Kustomize uses the value of a field that can make it read something.</summary>
internal enum FieldUse
{
    /// <summary>resources, bases, components: a file, a kustomization folder, or a remote repository.</summary>
    Reference,

    /// <summary>A file Kustomize loads as YAML (its loader fetches http(s) URLs too).</summary>
    YamlFile,

    /// <summary>A generator input: any bytes, read whole (<c>key=path</c> allowed).</summary>
    DataFile,

    /// <summary>patchesStrategicMerge: a file path, or the patch itself inline.</summary>
    YamlFileOrInline,

    /// <summary>A string Kustomize parses as YAML or JSON (an inline patch, JSON 6902 operations).</summary>
    InlineYaml,

    /// <summary>generators, transformers, validators: a plugin configuration file, a kustomization folder, or configurations inline.</summary>
    Plugin,

    /// <summary>Helm inside Kustomize: pulls charts from the network; refused outright.</summary>
    Helm,
}

/// <summary>A field, as a path of keys from the kustomization (or plugin configuration) root; <c>[]</c> steps into every item of a list.</summary>
internal sealed record KustomizationField(string Path, FieldUse Use)
{
    public IReadOnlyList<string> Keys => Path.Split('.');
}

/// <summary>
/// Every field through which a kustomization, or a built-in generator or transformer configuration, makes Kustomize
/// read a file, a URL or inline YAML — from kustomize's <c>api/types/kustomization.go</c> (Kustomization, ConfigMapArgs,
/// SecretArgs, Patch, ReplacementField, HelmChart/HelmGlobals) and the built-in plugin configurations
/// (<c>plugin/builtin/*</c>). Kustomize decodes a kustomization strictly (an unknown field is an error), so these are
/// all the ways in; its JSON decoding matches names without regard to case, and so does <see cref="Matching"/>.
/// </summary>
internal static class KustomizationFields
{
    private static readonly KustomizationField[] Generator = [new("files.[]", FieldUse.DataFile), new("envs.[]", FieldUse.DataFile), new("env", FieldUse.DataFile)];

    public static readonly IReadOnlyList<KustomizationField> OfKustomization =
    [
        new("resources.[]", FieldUse.Reference),
        new("bases.[]", FieldUse.Reference),
        new("components.[]", FieldUse.Reference),
        new("crds.[]", FieldUse.YamlFile),
        new("configurations.[]", FieldUse.YamlFile),
        new("openapi.path", FieldUse.YamlFile),
        new("patches.[].path", FieldUse.YamlFile),
        new("patches.[].patch", FieldUse.InlineYaml),
        new("patchesJson6902.[].path", FieldUse.YamlFile),
        new("patchesJson6902.[].patch", FieldUse.InlineYaml),
        new("patchesStrategicMerge.[]", FieldUse.YamlFileOrInline),
        new("replacements.[].path", FieldUse.YamlFile),
        .. Generator.Select(f => f with { Path = "configMapGenerator.[]." + f.Path }),
        .. Generator.Select(f => f with { Path = "secretGenerator.[]." + f.Path }),
        new("generators.[]", FieldUse.Plugin),
        new("transformers.[]", FieldUse.Plugin),
        new("validators.[]", FieldUse.Plugin),
        new("helmCharts", FieldUse.Helm),
        new("helmGlobals", FieldUse.Helm),
        new("helmChartInflationGenerator", FieldUse.Helm),
    ];

    /// <summary>The file-reading fields of each built-in plugin configuration (by kind); other built-ins read nothing.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<KustomizationField>> OfBuiltin = new Dictionary<string, IReadOnlyList<KustomizationField>>(StringComparer.Ordinal)
    {
        ["PatchTransformer"] = [new("path", FieldUse.YamlFile), new("patch", FieldUse.InlineYaml)],
        ["PatchStrategicMergeTransformer"] = [new("paths.[]", FieldUse.YamlFile), new("patches", FieldUse.InlineYaml)],
        ["PatchJson6902Transformer"] = [new("path", FieldUse.YamlFile), new("jsonOp", FieldUse.InlineYaml)],
        ["ReplacementTransformer"] = [new("replacements.[].path", FieldUse.YamlFile)],
        ["ConfigMapGenerator"] = Generator,
        ["SecretGenerator"] = Generator,
        ["HelmChartInflationGenerator"] = [new("", FieldUse.Helm)],
    };

    /// <summary>The values a field names in <paramref name="root"/>, with the key as written on the way (to catch spellings that only match without regard to case).</summary>
    public static IEnumerable<(YamlNode Value, IReadOnlyList<YamlScalar> KeysAsWritten)> Values(YamlMapping root, KustomizationField field)
    {
        IEnumerable<(YamlNode, IReadOnlyList<YamlScalar>)> current = [(root, [])];
        foreach (var key in field.Keys.Where(k => k.Length > 0))
        {
            current = current.SelectMany(pair => Step(pair.Item1, pair.Item2, key)).ToList();
        }
        return current;
    }

    private static IEnumerable<(YamlNode, IReadOnlyList<YamlScalar>)> Step(YamlNode node, IReadOnlyList<YamlScalar> written, string key)
    {
        if (key == "[]")
        {
            if (node is YamlSequence sequence) foreach (var item in sequence.Items) yield return (item, written);
            yield break;
        }
        if (node is not YamlMapping mapping) yield break;
        foreach (var entry in Matching(mapping, key)) yield return (entry.Value, [.. written, entry.Key]);
    }

    /// <summary>Entries of <paramref name="mapping"/> whose key Go's JSON decoding would take for <paramref name="field"/> (case folded, as encoding/json folds).</summary>
    public static IEnumerable<KeyValuePair<YamlScalar, YamlNode>> Matching(YamlMapping mapping, string field)
    {
        var folded = Fold(field);
        return mapping.Entries.Where(e => e.Key.Value.Length == field.Length && Fold(e.Key.Value) == folded);
    }

    /// <summary>
    /// encoding/json's name folding (Go's <c>foldName</c>: each rune becomes the smallest of its simple-fold set): ASCII
    /// letters upper-cased; of the other runes only the long s (ſ) and the Kelvin sign fold onto ASCII letters (S and K),
    /// and only those can make a non-ASCII key match a kustomization field, whose names are ASCII.
    /// </summary>
    public static string Fold(string name) => string.Create(name.Length, name, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                >= 'a' and <= 'z' => (char)(source[i] - ('a' - 'A')),
                '\u017F' => 'S',
                '\u212A' => 'K',
                var c => c,
            };
        }
    });
}
