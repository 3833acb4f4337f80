using System.Net;
using System.Text;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Tests.Support;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Live;

/// <summary>
/// An API server in process, behind KubernetesClient's real pipeline (it sits in the client's handler chain and answers
/// instead of the network): discovery documents for the built-in groups and for every CRD applied to it, server-side
/// apply with dry run (storing what was really applied, with the generation and, when controllers "run", the status a
/// controller would write), reads, merge patches, deletes that finalizers block. Canned refusals (Status bodies from
/// <c>Fixtures/api</c>) and warnings are keyed <c>Kind/name</c>. Every request is logged as <c>verb: Kind/name</c>.
/// </summary>
internal sealed class FakeApiServer
{
    public const string Token = "fake-token";

    private readonly object _lock = new();
    private readonly Dictionary<string, JObject> _stored = new(StringComparer.Ordinal);
    private readonly List<string> _log = [];

    /// <summary>Built-in resources: group/version → (kind, plural, namespaced).</summary>
    private static readonly Dictionary<string, (string Kind, string Plural, bool Namespaced)[]> BuiltIn = new(StringComparer.Ordinal)
    {
        ["v1"] =
        [
            ("Namespace", "namespaces", false), ("ConfigMap", "configmaps", true), ("Secret", "secrets", true), ("Service", "services", true),
            ("ServiceAccount", "serviceaccounts", true), ("Pod", "pods", true), ("PersistentVolumeClaim", "persistentvolumeclaims", true),
            ("PersistentVolume", "persistentvolumes", false), ("Node", "nodes", false),
        ],
        ["apps/v1"] = [("Deployment", "deployments", true), ("StatefulSet", "statefulsets", true), ("DaemonSet", "daemonsets", true), ("ReplicaSet", "replicasets", true)],
        ["batch/v1"] = [("Job", "jobs", true), ("CronJob", "cronjobs", true)],
        ["rbac.authorization.k8s.io/v1"] = [("ClusterRole", "clusterroles", false), ("ClusterRoleBinding", "clusterrolebindings", false), ("Role", "roles", true), ("RoleBinding", "rolebindings", true)],
        ["apiextensions.k8s.io/v1"] = [("CustomResourceDefinition", "customresourcedefinitions", false)],
        ["networking.k8s.io/v1"] = [("NetworkPolicy", "networkpolicies", true), ("Ingress", "ingresses", true)],
    };

    /// <summary>Canned dry-run refusals: <c>Kind/name</c> → fixture file name under <c>Fixtures/api</c>, or a Status JSON text.</summary>
    public Dictionary<string, string> DryRunErrors { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> ApplyErrors { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> DryRunWarnings { get; } = new(StringComparer.Ordinal);

    /// <summary>Warnings (by <c>Kind</c>) a dry run gets only when it would create the object, as the API server's <c>WarningsOnCreate</c>.</summary>
    public Dictionary<string, string[]> WarningsOnCreate { get; } = new(StringComparer.Ordinal);

    /// <summary>Objects (<c>Kind/name</c>) whose apply succeeds but which are gone when read back.</summary>
    public HashSet<string> Vanishing { get; } = new(StringComparer.Ordinal);

    /// <summary>Workloads whose controller never sets status (when <see cref="ControllersRun"/>).</summary>
    public HashSet<string> NeverObserved { get; } = new(StringComparer.Ordinal);

    /// <summary>Objects (<c>Kind/name</c>) or discovery documents (<c>discover: group/version</c>) whose requests never get an answer.</summary>
    public HashSet<string> Hanging { get; } = new(StringComparer.Ordinal);

    /// <summary>False for an envtest-shaped control plane: nothing ever writes a workload's status.</summary>
    public bool ControllersRun { get; set; } = true;

    public bool CrdsNeverEstablished { get; set; }

    /// <summary>Fields (<c>Kind</c> → dotted path) an update may not change: such an apply is refused with 422 Invalid at the path.</summary>
    public Dictionary<string, string> ImmutablePaths { get; } = new(StringComparer.Ordinal);

    /// <summary>The nodes the server lists, each Ready or not.</summary>
    public List<bool> NodesReady { get; } = [true];

    /// <summary>What <c>/readyz</c> answers.</summary>
    public (HttpStatusCode Status, string Text) Readyz { get; set; } = (HttpStatusCode.OK, "ok");

    public List<string> Authorizations { get; } = [];

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock) return _log.ToList();
        }
    }

    /// <summary>The requests of one kind of verb, in order (<c>dry-run</c>, <c>apply</c>, <c>get</c>, <c>delete</c>, <c>patch</c>).</summary>
    public IReadOnlyList<string> Of(string verb) => Log.Where(l => l.StartsWith(verb + ": ", StringComparison.Ordinal)).Select(l => l[(verb.Length + 2)..]).ToList();

    public bool Has(string kind, string name) => Stored(kind, name) is not null;

    public JObject? Stored(string kind, string name)
    {
        lock (_lock) return _stored.Values.FirstOrDefault(o => o["kind"]?.ToString() == kind && o["metadata"]?["name"]?.ToString() == name);
    }

    /// <summary>Puts an object in place as if another client had applied it earlier.</summary>
    public void Seed(string path, JObject body)
    {
        lock (_lock) _stored[path] = body;
    }

    /// <summary>A cluster whose kubeconfig names this server (with a bearer token) and whose requests this handler answers.</summary>
    public LiveCluster Cluster(TempRepository folder)
    {
        var kubeconfig = Path.Combine(folder.Root, "fake.kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: fake
                cluster:
                  server: http://fake-apiserver.invalid
            users:
              - name: tester
                user:
                  token: {Token}
            contexts:
              - name: fake
                context:
                  cluster: fake
                  user: tester
            current-context: fake
            """);
        return new LiveCluster(kubeconfig, "the fake API server") { Transport = Transport };
    }

    /// <summary>A new handler in front of this server for each client (a client disposes its handlers).</summary>
    public DelegatingHandler Transport() => new Forwarder(this);

    private sealed class Forwarder(FakeApiServer server) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            server.SendAsync(request, cancellationToken);
    }

    /// <summary>A Status JSON text, or a fixture of <c>Fixtures/api</c>: <c>#</c> header lines naming the real answer it follows, then the body.</summary>
    public static string Status(string fixture) => fixture.TrimStart().StartsWith('{')
        ? fixture
        : string.Join('\n', File.ReadAllLines(RepositoryLocator.Fixture("Live", "api", fixture)).Where(l => !l.StartsWith('#')));

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath.Trim('/');
        var query = request.RequestUri.Query;
        lock (_lock)
        {
            if (request.Headers.Authorization is { } auth) Authorizations.Add($"{auth.Scheme} {auth.Parameter}");
        }
        var target = Target(path);
        var hangKey = target?.Subject ?? "discover: " + string.Join('/', path.Split('/').Skip(1));
        if (Hanging.Contains(hangKey))
        {
            lock (_lock) _log.Add($"hang: {hangKey}");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        lock (_lock) return Answer(request.Method, path, query, body, request.Content?.Headers.ContentType?.MediaType, target);
    }

    private HttpResponseMessage Answer(HttpMethod method, string path, string query, string? body, string? contentType, (string Subject, string Kind, string Name, bool Namespaced, string? Namespace)? target)
    {
        if (path == "readyz") return Text(Readyz.Status, Readyz.Text);
        if (target is null)
        {
            if (method == HttpMethod.Get && Discovery(path) is { } document) return Json(HttpStatusCode.OK, document);
            if (method == HttpMethod.Get && path == "api/v1/nodes")
            {
                var nodes = NodesReady.Select((ready, i) => new JObject
                {
                    ["metadata"] = new JObject { ["name"] = $"k3s-{i}" },
                    ["status"] = new JObject { ["conditions"] = new JArray(new JObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
                });
                return Json(HttpStatusCode.OK, new JObject { ["kind"] = "NodeList", ["items"] = new JArray(nodes) }.ToString(Formatting.None));
            }
            return NotFound(path);
        }
        var (subject, kind, name, _, _) = target.Value;
        if (method == HttpMethod.Patch && contentType == ApiServer.ApplyPatchContentType)
        {
            var dryRun = query.Contains("dryRun=All", StringComparison.Ordinal);
            _log.Add($"{(dryRun ? "dry-run" : "apply")}: {subject}");
            if (!query.Contains("fieldValidation=Strict", StringComparison.Ordinal) || !query.Contains("fieldManager=" + ApiServer.FieldManager, StringComparison.Ordinal))
            {
                throw new Xunit.Sdk.XunitException($"apply without strict validation or field manager: {query}");
            }
            if ((dryRun ? DryRunErrors : ApplyErrors).TryGetValue(subject, out var error))
            {
                var status = Status(error);
                return Json((HttpStatusCode)(JToken.Parse(status)["code"]?.Value<int>() ?? 500), status);
            }
            var sent = JObject.Parse(body!);
            if (_stored.TryGetValue(path, out var before) && ImmutablePaths.TryGetValue(kind, out var immutable)
                && !JToken.DeepEquals(before.SelectToken(immutable), sent.SelectToken(immutable)))
            {
                // As fixture immutable-selector.status: ValidateImmutableField's wording, the value as JSON, the kind qualified by its group.
                var cause = new JObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: {sent.SelectToken(immutable)?.ToString(Formatting.None) ?? "null"}: field is immutable", ["field"] = immutable };
                var group = path.StartsWith("apis/", StringComparison.Ordinal) ? path.Split('/')[1] : "";
                return Json(HttpStatusCode.UnprocessableEntity, new JObject
                {
                    ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JObject(), ["status"] = "Failure",
                    ["message"] = $"{kind}{(group.Length > 0 ? "." + group : "")} \"{name}\" is invalid: {immutable}: {cause["message"]}",
                    ["reason"] = "Invalid",
                    ["details"] = new JObject { ["name"] = name, ["group"] = group, ["kind"] = kind, ["causes"] = new JArray(cause) },
                    ["code"] = 422,
                }.ToString(Formatting.None));
            }
            // As the API server answers an apply: 201 when it creates the object (a dry run too), 200 when it updates one.
            var response = Json(_stored.ContainsKey(path) ? HttpStatusCode.OK : HttpStatusCode.Created, sent.ToString(Formatting.None));
            var warnings = (dryRun ? DryRunWarnings.GetValueOrDefault(subject) ?? [] : [])
                .Concat(dryRun && !_stored.ContainsKey(path) ? WarningsOnCreate.GetValueOrDefault(kind) ?? [] : []);
            foreach (var warning in warnings) response.Headers.TryAddWithoutValidation("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            if (!dryRun) _stored[path] = Persisted(sent, kind, _stored.GetValueOrDefault(path));
            return response;
        }
        if (method == HttpMethod.Patch)
        {
            _log.Add($"patch: {subject}");
            if (!_stored.TryGetValue(path, out var existing)) return NotFound(path);
            if (body != ObjectApplier.RemoveFinalizersPatch) throw new Xunit.Sdk.XunitException($"unexpected merge patch: {body}");
            ((JObject)existing["metadata"]!).Remove("finalizers");
            return Json(HttpStatusCode.OK, existing.ToString(Formatting.None));
        }
        if (method == HttpMethod.Delete)
        {
            _log.Add($"delete: {subject}");
            if (!_stored.TryGetValue(path, out var existing)) return NotFound(path);
            // A finalizer no controller removes keeps the object, as on a cluster without the add-on's controller.
            if (existing["metadata"]?["finalizers"] is JArray { Count: > 0 }) return Json(HttpStatusCode.OK, existing.ToString(Formatting.None));
            _stored.Remove(path);
            return Json(HttpStatusCode.OK, """{"kind":"Status","status":"Success"}""");
        }
        if (method == HttpMethod.Get)
        {
            _log.Add($"get: {subject}");
            return _stored.TryGetValue(path, out var existing) && !Vanishing.Contains(subject) ? Json(HttpStatusCode.OK, existing.ToString(Formatting.None)) : NotFound(path);
        }
        throw new Xunit.Sdk.XunitException($"unexpected request: {method} {path}");
    }

    /// <summary>What the server stores: the generation (bumped when the spec changes) and, where controllers run, the status they write.</summary>
    private JObject Persisted(JObject sent, string kind, JObject? earlier)
    {
        var stored = (JObject)sent.DeepClone();
        var metadata = (JObject)stored["metadata"]!;
        var generation = earlier?["metadata"]?["generation"]?.Value<long>() ?? 0;
        if (earlier is null || !JToken.DeepEquals(earlier["spec"], stored["spec"])) generation++;
        metadata["generation"] = generation;
        var subject = $"{kind}/{metadata["name"]}";
        if (kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" && ControllersRun && !NeverObserved.Contains(subject))
        {
            stored["status"] = kind == "Job"
                ? new JObject { ["startTime"] = "2026-01-01T00:00:00Z" }
                : new JObject { ["observedGeneration"] = generation, ["replicas"] = 1, ["updatedReplicas"] = 1, ["readyReplicas"] = 1, ["availableReplicas"] = 1 };
        }
        if (kind == "CustomResourceDefinition")
        {
            stored["status"] = new JObject
            {
                ["conditions"] = new JArray(new JObject
                {
                    ["type"] = "Established",
                    ["status"] = CrdsNeverEstablished ? "False" : "True",
                    ["message"] = CrdsNeverEstablished ? "the initial names have not been accepted" : "",
                }),
            };
        }
        return stored;
    }

    /// <summary>The object a path names: <c>apis/apps/v1/namespaces/x/deployments/api</c> → Deployment/api.</summary>
    private (string Subject, string Kind, string Name, bool Namespaced, string? Namespace)? Target(string path)
    {
        var parts = path.Split('/');
        int groupVersionEnd;
        string groupVersion;
        if (parts is ["api", var coreVersion, ..]) (groupVersion, groupVersionEnd) = (coreVersion, 2);
        else if (parts is ["apis", var group, var version, ..]) (groupVersion, groupVersionEnd) = ($"{group}/{version}", 3);
        else return null;
        var rest = parts[groupVersionEnd..];
        string? ns = null;
        if (rest is ["namespaces", var n, _, _, ..])
        {
            ns = Uri.UnescapeDataString(n);
            rest = rest[2..];
        }
        if (rest is not [var plural, var name]) return null;
        var resource = Resources(groupVersion).FirstOrDefault(r => r.Plural == plural);
        if (resource.Kind is null) return null;
        var unescaped = Uri.UnescapeDataString(name);
        return ($"{resource.Kind}/{unescaped}", resource.Kind, unescaped, resource.Namespaced, ns);
    }

    private IEnumerable<(string Kind, string Plural, bool Namespaced)> Resources(string groupVersion)
    {
        if (BuiltIn.TryGetValue(groupVersion, out var builtIn)) return builtIn;
        return _stored.Values
            .Where(o => o["kind"]?.ToString() == "CustomResourceDefinition" && o["status"]?["conditions"]?[0]?["status"]?.ToString() == "True")
            .Where(o => (o["spec"]?["versions"] as JArray ?? []).Any(v => $"{o["spec"]?["group"]}/{v["name"]}" == groupVersion))
            .Select(o => (o["spec"]!["names"]!["kind"]!.ToString(), o["spec"]!["names"]!["plural"]!.ToString(), o["spec"]?["scope"]?.ToString() != "Cluster"))
            .ToList();
    }

    private string? Discovery(string path)
    {
        var groupVersion = path.StartsWith("api/", StringComparison.Ordinal) ? path["api/".Length..] : path.StartsWith("apis/", StringComparison.Ordinal) ? path["apis/".Length..] : null;
        if (groupVersion is null) return null;
        _log.Add($"discover: {groupVersion}");
        var resources = Resources(groupVersion).ToList();
        if (resources.Count == 0) return null;
        var list = new JObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = new JArray(resources.SelectMany(r => new[]
            {
                new JObject { ["name"] = r.Plural, ["singularName"] = "", ["namespaced"] = r.Namespaced, ["kind"] = r.Kind, ["verbs"] = new JArray("get", "patch", "delete") },
                new JObject { ["name"] = r.Plural + "/status", ["singularName"] = "", ["namespaced"] = r.Namespaced, ["kind"] = r.Kind, ["verbs"] = new JArray("get", "patch") },
            })),
        };
        return list.ToString(Formatting.None);
    }

    private static HttpResponseMessage NotFound(string path) => Json(HttpStatusCode.NotFound,
        new JObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = $"the server could not find the requested resource ({path})", ["reason"] = "NotFound", ["code"] = 404 }.ToString(Formatting.None));

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Text(HttpStatusCode status, string text) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
}
