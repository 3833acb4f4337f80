using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Yaml;
using Newtonsoft.Json.Linq;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// A stand-in for kubectl talking to an API server: applies YAML streams (printing kubectl's success lines), returns
/// canned warnings and errors per object (keyed <c>Kind/name</c>), stores what was really applied and serves it back to <c>get -f -</c>.
/// </summary>
internal sealed class FakeCluster : IProcessRunner
{
    private readonly object _lock = new();
    private readonly Dictionary<string, JObject> _stored = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];

    public Dictionary<string, string> DryRunErrors { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> DryRunWarnings { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ApplyErrors { get; } = new(StringComparer.Ordinal);

    /// <summary>Objects (<c>Kind/name</c>) whose apply succeeds but which are gone when read back.</summary>
    public HashSet<string> Vanishing { get; } = new(StringComparer.Ordinal);

    /// <summary>Workloads whose controller never sets status.</summary>
    public HashSet<string> NeverObserved { get; } = new(StringComparer.Ordinal);

    /// <summary>Objects (<c>Kind/name</c>) whose apply calls time out, alone or in a stream.</summary>
    public HashSet<string> Hanging { get; } = new(StringComparer.Ordinal);

    public bool CrdWaitFails { get; set; }

    /// <summary>What happened, in order: <c>dry-run: a, b</c>, <c>apply: a</c>, <c>wait: crd</c>, <c>delete: a</c>, <c>get: a, b</c>.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock) return _log.ToList();
        }
    }

    public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (spec.FileName != "kubectl") throw new Xunit.Sdk.XunitException($"unexpected process run: {spec}");
        var args = spec.Arguments.Skip(2).ToList(); // --kubeconfig <path>
        lock (_lock)
        {
            return Task.FromResult(args switch
            {
                ["get", "--raw", "/readyz"] => FakeProcessRunner.Ok("ok"),
                ["apply", ..] => Apply(Documents(spec), args.Contains("--dry-run=server")),
                ["wait", ..] => Wait(args),
                ["get", "-f", "-", ..] => Get(Documents(spec)),
                ["patch", "-f", "-", "--type=merge", var patch] => Patch(Documents(spec), patch),
                ["delete", ..] => Delete(Documents(spec)),
                ["rollout", "status", var resource, ..] => Record($"rollout: {resource}", FakeProcessRunner.Ok($"{resource} successfully rolled out")),
                _ => throw new Xunit.Sdk.XunitException($"unexpected kubectl run: {spec}"),
            });
        }
    }

    private ProcessResult Apply(IReadOnlyList<YamlMapping> documents, bool dryRun)
    {
        if (documents.Any(d => Hanging.Contains(Subject(d)))) return Record($"timeout: {string.Join(", ", documents.Select(Name))}", FakeProcessRunner.TimedOut());
        var stdout = new List<string>();
        var stderr = new List<string>();
        foreach (var document in documents)
        {
            var name = Subject(document);
            if ((dryRun ? DryRunErrors : ApplyErrors).TryGetValue(name, out var error))
            {
                stderr.Add(error.TrimEnd());
                continue;
            }
            if (dryRun && DryRunWarnings.TryGetValue(name, out var warning)) stderr.Add("Warning: " + warning);
            stdout.Add($"{Key(document)} serverside-applied{(dryRun ? " (server dry run)" : "")}");
            if (!dryRun) _stored[Identity(document)] = Stored(document);
        }
        var result = new ProcessResult(ProcessOutcome.Exited, stderr.Any(l => !l.StartsWith("Warning: ", StringComparison.Ordinal)) ? 1 : 0,
            string.Join('\n', stdout) + "\n", string.Join('\n', stderr) + (stderr.Count > 0 ? "\n" : ""), TimeSpan.FromMilliseconds(5));
        return Record($"{(dryRun ? "dry-run" : "apply")}: {string.Join(", ", documents.Select(Name))}", result);
    }

    private ProcessResult Wait(IReadOnlyList<string> args) =>
        Record("wait: " + string.Join(", ", args.Where(a => a.StartsWith("customresourcedefinition/", StringComparison.Ordinal)).Select(a => a.Split('/')[1])),
            CrdWaitFails ? FakeProcessRunner.Fail("error: timed out waiting for the condition on customresourcedefinitions/x") : FakeProcessRunner.Ok("condition met"));

    private ProcessResult Get(IReadOnlyList<YamlMapping> documents)
    {
        var items = new JArray();
        var missing = new List<string>();
        foreach (var document in documents)
        {
            if (_stored.TryGetValue(Identity(document), out var stored) && !Vanishing.Contains(Subject(document))) items.Add(stored);
            else missing.Add($"Error from server (NotFound): {Key(document).Split('/')[0]}s \"{Name(document)}\" not found");
        }
        var list = new JObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = items };
        return Record($"get: {string.Join(", ", documents.Select(Name))}",
            new ProcessResult(ProcessOutcome.Exited, missing.Count > 0 ? 1 : 0, list.ToString(), string.Join('\n', missing), TimeSpan.FromMilliseconds(5)));
    }

    /// <summary>Only the patch that empties finalizers is understood; objects that do not exist are NotFound, as kubectl says.</summary>
    private ProcessResult Patch(IReadOnlyList<YamlMapping> documents, string patch)
    {
        if (patch != "--patch=" + Validation.Live.KubectlCommands.RemoveFinalizersPatch) throw new Xunit.Sdk.XunitException($"unexpected patch: {patch}");
        var missing = new List<string>();
        foreach (var document in documents)
        {
            if (_stored.TryGetValue(Identity(document), out var stored)) ((JObject)stored["metadata"]!).Remove("finalizers");
            else missing.Add($"Error from server (NotFound): {Key(document).Split('/')[0]}s \"{Name(document)}\" not found");
        }
        return Record($"patch: {string.Join(", ", documents.Select(Name))}",
            missing.Count > 0 ? FakeProcessRunner.Fail(string.Join('\n', missing)) : FakeProcessRunner.Ok());
    }

    /// <summary>
    /// An object with finalizers is only marked for deletion (no controller here removes them): kubectl waits out its
    /// timeout and fails, and the object stays, as on a real cluster without the add-on's controller.
    /// </summary>
    private ProcessResult Delete(IReadOnlyList<YamlMapping> documents)
    {
        var stuck = documents.Where(d => _stored.TryGetValue(Identity(d), out var stored) && stored["metadata"]?["finalizers"] is JArray { Count: > 0 }).ToList();
        foreach (var document in documents.Except(stuck)) _stored.Remove(Identity(document));
        return stuck.Count > 0
            ? Record($"delete (stuck on finalizers): {string.Join(", ", stuck.Select(Name))}", FakeProcessRunner.Fail($"error: timed out waiting for the condition on {Key(stuck[0])}"))
            : Record($"delete: {string.Join(", ", documents.Select(Name))}", FakeProcessRunner.Ok());
    }

    private JObject Stored(YamlMapping document)
    {
        var json = (JObject)document.ToJToken();
        var kind = document.String("kind");
        if (kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job")
        {
            ((JObject)json["metadata"]!)["generation"] = 1;
            if (!NeverObserved.Contains(Subject(document)))
            {
                json["status"] = kind == "Job" ? new JObject { ["startTime"] = "2026-01-01T00:00:00Z" } : new JObject { ["observedGeneration"] = 1 };
            }
        }
        return json;
    }

    private ProcessResult Record(string entry, ProcessResult result)
    {
        _log.Add(entry);
        return result;
    }

    private static IReadOnlyList<YamlMapping> Documents(ProcessSpec spec) =>
        YamlReader.Read(spec.StandardInput ?? "", new YamlLimits(10_000_000, 200)).Documents.Select(d => d.Root).OfType<YamlMapping>().ToList();

    /// <summary>How the test names an object in the canned answers: <c>Deployment/api</c>.</summary>
    private static string Subject(YamlMapping document) => $"{document.String("kind")}/{Name(document)}";

    private static string Name(YamlMapping document) => document.Mapping("metadata")?.String("name") ?? "";

    private static string Key(YamlMapping document)
    {
        var apiVersion = document.String("apiVersion") ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        return (document.String("kind") ?? "").ToLowerInvariant() + (group.Length > 0 ? "." + group : "") + "/" + Name(document);
    }

    private static string Identity(YamlMapping document) => $"{document.String("apiVersion")}/{document.String("kind")}/{document.Mapping("metadata")?.String("namespace")}/{Name(document)}";
}
