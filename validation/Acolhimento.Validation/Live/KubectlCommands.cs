using System.Globalization;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Live;

public enum ApplyMode
{
    /// <summary><c>--dry-run=server</c>: admission and validation run in full, nothing is persisted.</summary>
    ServerDryRun,
    Apply,
}

/// <summary>The kubectl command lines of the live stage, as data; the kubeconfig is always explicit.</summary>
public sealed record KubectlCommands(string KubectlPath, string Kubeconfig, TimeSpan Timeout)
{
    /// <summary>One field manager for every cluster's objects: applying a later cluster's version of a shared object replaces the earlier one's fields.</summary>
    public const string FieldManager = "acolhimento-live";

    /// <summary>Applies a YAML stream; the timeout grows with the number of objects in it (one per-call bound per 25 objects).</summary>
    public ProcessSpec Apply(string yaml, ApplyMode mode, int objectCount = 1) => Spec(
        mode == ApplyMode.ServerDryRun
            ? ["apply", "--server-side", $"--field-manager={FieldManager}", "--dry-run=server", "-f", "-"]
            : ["apply", "--server-side", $"--field-manager={FieldManager}", "-f", "-"],
        yaml,
        Timeout * Math.Max(1, (objectCount + 24) / 25));

    public ProcessSpec WaitEstablished(IEnumerable<string> crdNames, TimeSpan wait) =>
        Spec(["wait", "--for=condition=Established", $"--timeout={Seconds(wait)}s", .. crdNames.Select(n => "customresourcedefinition/" + n)], timeout: wait + Timeout);

    /// <summary>Reads objects back as a JSON list; objects that do not exist are named on standard error.</summary>
    public ProcessSpec Get(string yaml, int objectCount = 1) => Spec(["get", "-f", "-", "--output=json"], yaml, Timeout * Math.Max(1, (objectCount + 99) / 100));

    /// <summary>
    /// Empties <c>metadata.finalizers</c> of existing objects (a JSON merge patch: null deletes the list). In the throwaway
    /// cluster no controller will ever remove an add-on's finalizer (Argo CD's <c>resources-finalizer.argocd.argoproj.io</c>
    /// on an Application), so a delete would wait its whole timeout and leave the object behind; nothing the finalizer
    /// guards exists there. Objects that do not exist make kubectl complain on standard error, which the caller ignores.
    /// </summary>
    public ProcessSpec RemoveFinalizers(string yaml, int objectCount = 1) =>
        Spec(["patch", "-f", "-", "--type=merge", "--patch=" + RemoveFinalizersPatch], yaml, Timeout * Math.Max(1, (objectCount + 24) / 25));

    public const string RemoveFinalizersPatch = """{"metadata":{"finalizers":null}}""";

    public ProcessSpec Delete(string yaml) => Spec(["delete", "-f", "-", "--ignore-not-found", "--wait=true", $"--timeout={Seconds(Timeout)}s"], yaml, Timeout + Timeout);

    public ProcessSpec RolloutStatus(string resource, string? @namespace, TimeSpan wait) =>
        Spec(["rollout", "status", resource, .. @namespace is null ? Array.Empty<string>() : ["--namespace", @namespace], $"--timeout={Seconds(wait)}s"], timeout: wait + Timeout);

    /// <summary>The API server's readiness endpoint: answers <c>ok</c> when the server can serve.</summary>
    public ProcessSpec Readyz() => Spec(["get", "--raw", "/readyz"]);

    /// <summary>Ready condition of every node, one <c>True</c>/<c>False</c> per line.</summary>
    public ProcessSpec NodeReadiness() =>
        Spec(["get", "nodes", "--output=jsonpath={range .items[*]}{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}"]);

    public static bool AllNodesReady(string output)
    {
        var lines = output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 && lines.All(l => l == "True");
    }

    private ProcessSpec Spec(IReadOnlyList<string> arguments, string? input = null, TimeSpan? timeout = null) =>
        new(KubectlPath, ["--kubeconfig", Kubeconfig, .. arguments], timeout ?? Timeout, StandardInput: input);

    private static string Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
