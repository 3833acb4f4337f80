using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Acolhimento.Validation.Processes;

/// <summary>The environment tools run in when they work on pull-request content.</summary>
internal static class ToolEnvironment
{
    /// <summary>
    /// Where every proxy variable points: a port on the loopback interface that nothing listens on (the discard port),
    /// so a tool that tries the network anyway gets "connection refused" at once instead of a route out.
    /// </summary>
    public const string UnreachableProxy = "http://127.0.0.1:9";

    /// <summary>Variables of the gate's own environment a tool may still see: only where to find programs.</summary>
    public static readonly IReadOnlyList<string> Inherited = ["PATH"];

    /// <summary>
    /// The whole environment of a tool that reads pull-request content, and nothing of the gate's: HOME, temporary,
    /// XDG and Helm folders inside <paramref name="scratch"/>, no Kustomize plugin root, a KUBECONFIG that does not
    /// exist (no tool reaches a cluster), a fixed locale, every proxy variable at <paramref name="proxy"/> with no
    /// exceptions, and git limited to local repositories. The runner drops every other variable of the gate's
    /// environment (tokens, cloud keys) when it starts the tool (<see cref="IsolatedVariables"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Isolated(string scratch, string proxy = UnreachableProxy)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = scratch,
            ["TMPDIR"] = scratch,
            ["XDG_CONFIG_HOME"] = Path.Combine(scratch, ".config"),
            ["XDG_CACHE_HOME"] = Path.Combine(scratch, ".cache"),
            ["XDG_DATA_HOME"] = Path.Combine(scratch, ".data"),
            ["HELM_CACHE_HOME"] = Path.Combine(scratch, ".helm-cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(scratch, ".helm-config"),
            ["HELM_DATA_HOME"] = Path.Combine(scratch, ".helm-data"),
            ["KUSTOMIZE_PLUGIN_HOME"] = Path.Combine(scratch, ".no-plugins"),
            ["KUBECONFIG"] = Path.Combine(scratch, ".no-kubeconfig"),
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
            ["NO_PROXY"] = "",
            ["no_proxy"] = "",
            ["GIT_ALLOW_PROTOCOL"] = "file",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" }) variables[name] = proxy;
        foreach (var name in Inherited) variables[name] = Environment.GetEnvironmentVariable(name);
        return new IsolatedVariables(variables);
    }
}

/// <summary>
/// A tool's complete environment: <see cref="ProcessRunner"/> starts the tool with exactly these variables, removing
/// every other one it would otherwise inherit from the gate — decided when the tool starts, so a variable the gate
/// gains later does not leak either.
/// </summary>
internal sealed class IsolatedVariables(IReadOnlyDictionary<string, string?> variables) : IReadOnlyDictionary<string, string?>
{
    /// <summary>These variables, plus a removal (null) for every variable of <paramref name="inherited"/> not among them.</summary>
    public IReadOnlyDictionary<string, string?> Replacing(IDictionary inherited)
    {
        var complete = new Dictionary<string, string?>(variables, StringComparer.Ordinal);
        foreach (var name in inherited.Keys.OfType<string>())
        {
            if (!variables.ContainsKey(name)) complete[name] = null;
        }
        return complete;
    }

    public string? this[string key] => variables[key];

    public IEnumerable<string> Keys => variables.Keys;

    public IEnumerable<string?> Values => variables.Values;

    public int Count => variables.Count;

    public bool ContainsKey(string key) => variables.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string? value) => variables.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => variables.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
