using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>One entry of a list field of the helm block, with where it is written.</summary>
internal sealed record Located(string Value, ObjectPath At);

/// <summary>A <c>helm.parameters</c> entry: <c>--set</c>, or <c>--set-string</c> with <c>forceString</c>.</summary>
internal sealed record HelmParameter(string Name, string Value, bool ForceString, ObjectPath At);

/// <summary>A <c>helm.fileParameters</c> entry: <c>--set-file name=path</c>.</summary>
internal sealed record HelmFileParameter(string Name, string Path, ObjectPath At);

/// <summary>A field of the helm block that cannot be honoured, with why; each becomes a finding at its line.</summary>
internal sealed record HelmOptionProblem(ObjectPath At, string Message);

/// <summary>
/// The Application's <c>helm:</c> block as Argo CD reads it (<c>ApplicationSourceHelm</c> in
/// <c>pkg/apis/application/v1alpha1/types.go</c>): every field it has, typed as the Application CRD types it. A field the
/// CRD does not have is pruned by the API server and so silently lost; a value of the wrong type is rejected by it:
/// both are problems here, as are <c>passCredentials</c> (refused) and a Helm <c>version</c> Argo CD does not run.
/// </summary>
internal sealed record HelmSourceOptions(
    IReadOnlyList<Located> ValueFiles,
    bool IgnoreMissingValueFiles,
    string? Values,
    YamlNode? ValuesObject,
    IReadOnlyList<HelmParameter> Parameters,
    IReadOnlyList<HelmFileParameter> FileParameters,
    string? ReleaseName,
    string? Namespace,
    string? KubeVersion,
    IReadOnlyList<string> ApiVersions,
    bool SkipCrds,
    bool SkipSchemaValidation,
    bool SkipTests)
{
    public static readonly HelmSourceOptions None = new([], false, null, null, [], [], null, null, null, [], false, false, false);

    /// <summary>The fields of <c>ApplicationSourceHelm</c>, in its declaration order.</summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "valueFiles", "parameters", "releaseName", "values", "fileParameters", "version", "passCredentials", "ignoreMissingValueFiles",
        "skipCrds", "valuesObject", "namespace", "kubeVersion", "apiVersions", "skipTests", "skipSchemaValidation",
    ];

    /// <summary>Helm versions Argo CD's <c>helm.NewCmd</c> accepts for <c>helm.version</c>; any other makes the render fail.</summary>
    public static readonly IReadOnlyList<string> AcceptedVersions = ["", "v3", "v4"];

    /// <summary>The inline values Argo CD writes to a file, null when it has none (<c>ValuesIsEmpty</c>): <c>valuesObject</c> wins over <c>values</c>.</summary>
    public InlineValues? Inline => Helm.InlineValues.Of(this);

    public static (HelmSourceOptions Options, IReadOnlyList<HelmOptionProblem> Problems) Read(YamlMapping? helm, ObjectPath at)
    {
        if (helm is null) return (None, []);
        var problems = new List<HelmOptionProblem>();
        foreach (var (key, _) in helm.Entries)
        {
            if (!Fields.Contains(key.Value, StringComparer.Ordinal))
                problems.Add(new(at.Key(key.Value), $"helm.{key.Value} is not a field of Argo CD's helm source (fields: {string.Join(", ", Fields)}); the API server drops it and Argo CD never sees it"));
        }

        string? Text(string key) => StringAt(helm, key, at.Key(key), problems);
        bool Flag(string key) => BooleanAt(helm, key, at.Key(key), problems);

        var valueFiles = Strings(helm, "valueFiles", at, problems);
        var apiVersions = Strings(helm, "apiVersions", at, problems).Select(v => v.Value).ToList();
        var values = Text("values");
        var parameters = new List<HelmParameter>();
        foreach (var (entry, path) in Entries(helm, "parameters", at, problems))
        {
            var name = StringAt(entry, "name", path.Key("name"), problems) ?? "";
            parameters.Add(new HelmParameter(name, StringAt(entry, "value", path.Key("value"), problems) ?? "", BooleanAt(entry, "forceString", path.Key("forceString"), problems), path));
            Unknown(entry, path, ["name", "value", "forceString"], "parameters[]", problems);
        }
        var fileParameters = new List<HelmFileParameter>();
        foreach (var (entry, path) in Entries(helm, "fileParameters", at, problems))
        {
            fileParameters.Add(new HelmFileParameter(StringAt(entry, "name", path.Key("name"), problems) ?? "", StringAt(entry, "path", path.Key("path"), problems) ?? "", path));
            Unknown(entry, path, ["name", "path"], "fileParameters[]", problems);
        }
        if (Flag("passCredentials"))
            problems.Add(new(at.Key("passCredentials"), "helm.passCredentials hands the Helm repository's credentials to every domain the chart's dependencies name; it is refused, and the gate never fetches dependencies"));
        if (Text("version") is { } version && !AcceptedVersions.Contains(version, StringComparer.Ordinal))
            problems.Add(new(at.Key("version"), $"helm version '{version}' is not supported by Argo CD (it accepts {string.Join(", ", AcceptedVersions.Where(v => v.Length > 0))} or none); the source cannot render"));
        var valuesObject = helm["valuesObject"];
        if (valuesObject is not (null or YamlMapping or YamlScalar { IsNull: true }))
            problems.Add(new(at.Key("valuesObject"), "helm.valuesObject is not a mapping; Helm cannot read it as values and the render fails"));
        return (new HelmSourceOptions(valueFiles, Flag("ignoreMissingValueFiles"), values, valuesObject, parameters, fileParameters,
            NonEmpty(Text("releaseName")), NonEmpty(Text("namespace")), NonEmpty(Text("kubeVersion")), apiVersions,
            Flag("skipCrds"), Flag("skipSchemaValidation"), Flag("skipTests")), problems);
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static void Unknown(YamlMapping entry, ObjectPath at, string[] fields, string what, List<HelmOptionProblem> problems)
    {
        foreach (var (key, _) in entry.Entries.Where(e => !fields.Contains(e.Key.Value, StringComparer.Ordinal)))
            problems.Add(new(at.Key(key.Value), $"helm.{what}.{key.Value} is not a field of Argo CD's helm {what} (fields: {string.Join(", ", fields)}); the API server drops it"));
    }

    private static string? StringAt(YamlMapping m, string key, ObjectPath at, List<HelmOptionProblem> problems)
    {
        switch (m[key])
        {
            case null or YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { Kind: ScalarKind.String } s:
                return s.Value;
            case YamlScalar s:
                problems.Add(new(at, $"{key}: {s.Value} is read as a {s.Kind.ToString().ToLowerInvariant()}, but Argo CD's Application types it as a string and the API server rejects it; quote it"));
                return s.Value;
            default:
                problems.Add(new(at, $"{key} must be a string; the API server rejects the Application"));
                return null;
        }
    }

    private static bool BooleanAt(YamlMapping m, string key, ObjectPath at, List<HelmOptionProblem> problems)
    {
        switch (m[key])
        {
            case null or YamlScalar { IsNull: true }:
                return false;
            case YamlScalar { Kind: ScalarKind.Bool } s:
                return ScalarResolution.ParseBool(s.Value);
            default:
                problems.Add(new(at, $"{key} must be true or false; the API server rejects the Application"));
                return false;
        }
    }

    private static List<Located> Strings(YamlMapping helm, string key, ObjectPath at, List<HelmOptionProblem> problems)
    {
        var result = new List<Located>();
        switch (helm[key])
        {
            case null or YamlScalar { IsNull: true }:
                break;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var path = at.Key(key).Index(i);
                    if (sequence.Items[i] is YamlScalar { IsNull: false } s)
                    {
                        if (s.Kind != ScalarKind.String) problems.Add(new(path, $"{key}[{i}]: {s.Value} is not a string; the API server rejects the Application; quote it"));
                        result.Add(new Located(s.Value, path));
                    }
                    else problems.Add(new(path, $"{key}[{i}] must be a string; the API server rejects the Application"));
                }
                break;
            default:
                problems.Add(new(at.Key(key), $"helm.{key} must be a list of strings; the API server rejects the Application"));
                break;
        }
        return result;
    }

    private static IEnumerable<(YamlMapping Entry, ObjectPath At)> Entries(YamlMapping helm, string key, ObjectPath at, List<HelmOptionProblem> problems)
    {
        switch (helm[key])
        {
            case null or YamlScalar { IsNull: true }:
                yield break;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (sequence.Items[i] is YamlMapping entry) yield return (entry, at.Key(key).Index(i));
                    else problems.Add(new(at.Key(key).Index(i), $"helm.{key}[{i}] must be a mapping; the API server rejects the Application"));
                }
                yield break;
            default:
                problems.Add(new(at.Key(key), $"helm.{key} must be a list; the API server rejects the Application"));
                yield break;
        }
    }
}
