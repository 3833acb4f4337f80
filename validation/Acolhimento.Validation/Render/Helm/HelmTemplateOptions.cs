using System.Text;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// What Argo CD hands to <c>helm template</c> for one source (<c>TemplateOpts</c> in <c>util/helm/cmd.go</c>), paths
/// already resolved. <see cref="Arguments"/> builds the command line in the order Argo CD's <c>template</c> does.
/// </summary>
/// <param name="Set">Parameters without forceString, by name (a later parameter of the same name wins, as in Argo CD's map).</param>
/// <param name="SetString">Parameters with forceString, by name.</param>
/// <param name="SetFile">File parameters, by name, with the path handed to Helm.</param>
/// <param name="ExtraValues">The file holding <c>values</c>/<c>valuesObject</c>, given last among the value files.</param>
internal sealed record HelmTemplateOptions(
    string ChartPath,
    string Name,
    string? Namespace,
    string? KubeVersion,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyDictionary<string, string> Set,
    IReadOnlyDictionary<string, string> SetString,
    IReadOnlyDictionary<string, string> SetFile,
    IReadOnlyList<string> Values,
    string? ExtraValues,
    bool SkipCrds,
    bool SkipSchemaValidation,
    bool SkipTests)
{
    /// <summary>
    /// <c>template CHART --name-template NAME [--namespace NS] [--kube-version V] --set… --set-string… --set-file…
    /// --values… [--values EXTRA] --api-versions… [--include-crds] [--skip-schema-validation] [--skip-tests]</c>.
    /// Argo CD iterates Go maps for the --set flags (random order); they are sorted by name here, which Helm merges to
    /// the same values unless two names overlap (<c>a</c> and <c>a.b</c>), where Argo CD itself is not deterministic.
    /// </summary>
    public IReadOnlyList<string> Arguments()
    {
        var args = new List<string> { "template", ChartPath, "--name-template", Name };
        if (!string.IsNullOrEmpty(Namespace)) args.AddRange(["--namespace", Namespace]);
        if (!string.IsNullOrEmpty(KubeVersion)) args.AddRange(["--kube-version", KubeVersion]);
        foreach (var (key, value) in Set.OrderBy(p => p.Key, StringComparer.Ordinal)) args.AddRange(["--set", $"{key}={CleanSetParameter(value)}"]);
        foreach (var (key, value) in SetString.OrderBy(p => p.Key, StringComparer.Ordinal)) args.AddRange(["--set-string", $"{key}={CleanSetParameter(value)}"]);
        foreach (var (key, value) in SetFile.OrderBy(p => p.Key, StringComparer.Ordinal)) args.AddRange(["--set-file", $"{key}={CleanSetParameter(value)}"]);
        foreach (var file in Values) args.AddRange(["--values", file]);
        if (!string.IsNullOrEmpty(ExtraValues)) args.AddRange(["--values", ExtraValues]);
        foreach (var version in ApiVersions) args.AddRange(["--api-versions", version]);
        if (!SkipCrds) args.Add("--include-crds");
        if (SkipSchemaValidation) args.Add("--skip-schema-validation");
        if (SkipTests) args.Add("--skip-tests");
        return args;
    }

    /// <summary>
    /// Argo CD's <c>cleanSetParameters</c>: a value in braces is a Helm list and kept; otherwise every comma not already
    /// preceded by a backslash is escaped, so <c>a,b</c> stays one value instead of starting a second assignment.
    /// </summary>
    public static string CleanSetParameter(string value)
    {
        if (value.StartsWith('{') && value.EndsWith('}')) return value;
        var result = new StringBuilder(value.Length);
        var previous = '\0';
        foreach (var c in value)
        {
            if (c == ',' && previous != '\\') result.Append("\\,");
            else result.Append(c);
            previous = c;
        }
        return result.ToString();
    }
}
