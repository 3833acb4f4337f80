using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using static Acolhimento.Validation.Upgrade.UpgradeRules;

namespace Acolhimento.Validation.Upgrade;

/// <summary>
/// Can the change be rolled out? Compares what a cluster receives in the base and the changed revision and reports, at
/// the line that changed, what the API server refuses on update (<see cref="ImmutableFields"/>) and what Argo CD would do
/// destructively: prune a PersistentVolumeClaim, a StatefulSet with claims, a Namespace or a CRD (with every custom
/// resource); rename or move an object (a delete and a create); change an Application's destination or project.
/// A deletion is acknowledged by naming it in the annotation <see cref="AcknowledgeAnnotation"/> on an Application of the
/// cluster in the change (<c>Kind/namespace/name</c> or <c>Kind/name</c>, one per line or comma-separated); an
/// acknowledgement that names nothing being deleted is a warning, so it does not linger.
/// </summary>
internal static class UpgradeSafety
{
    public const string AcknowledgeAnnotation = Identity.Harness.AnnotationPrefix + "acknowledge-deletion";
    private const string ResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";

    /// <summary>A base object that the change deletes, and the object that replaces it when it was renamed or moved.</summary>
    public sealed record Deletion(RenderedObject Old, RenderedObject? Replacement);

    public static IReadOnlyList<Finding> Check(RenderedCluster? baseCluster, RenderedCluster? headCluster)
    {
        if (baseCluster is null || headCluster is null) return [];
        var findings = new List<Finding>();
        var before = Index(baseCluster);
        var after = Index(headCluster);
        foreach (var (identity, head) in after)
        {
            if (!before.TryGetValue(identity, out var old)) continue;
            findings.AddRange(ImmutableChanges(old, head));
            if (ApplicationDefinition.IsApplication(head)) findings.AddRange(ApplicationChanges(old, head));
        }
        var deletions = Deletions(before, after);
        findings.AddRange(DeletionFindings(deletions, baseCluster, headCluster));
        return findings.Select(f => f with { Cluster = headCluster.Name }).ToList();
    }

    private static IEnumerable<Finding> ImmutableChanges(RenderedObject old, RenderedObject head)
    {
        foreach (var rule in ImmutableFields.For(head.Id.Group, head.Kind))
        {
            if (rule.Immutability == Immutability.WhileMarkedImmutable && old.Body.Boolean("immutable") != true) continue;
            var paths = rule.Immutability == Immutability.AllExcept ? Children(old, head, rule) : [rule.Path];
            foreach (var path in paths)
            {
                var was = old.Body.At(path);
                var now = head.Body.At(path);
                var field = path.Segments.Last() is string name ? name : "";
                var wasText = Text(was) ?? (rule.DefaultValues.TryGetValue(field, out var d1) ? d1 : null);
                var nowText = Text(now) ?? (rule.DefaultValues.TryGetValue(field, out var d2) ? d2 : null);
                // A field the manifest never set was filled in by the API server: changing it offline cannot be judged.
                if (rule.Immutability == Immutability.Always && (was is null || now is null)) continue;
                if (wasText == nowText) continue;
                var why = rule.Immutability == Immutability.WhileMarkedImmutable ? $" while the stored {head.Kind} has immutable: true" : "";
                var message = $"{head.Kind} {Name(head)}: {path} cannot change on update{why} (the API server refuses it: {rule.Source}); "
                    + "Argo CD's sync would fail. Delete and re-create the object deliberately (e.g. the argocd.argoproj.io/sync-options: Replace=true annotation), or keep the old value";
                yield return head.Finding(Stage, Severity.Error, ImmutableField, message, now is null ? path.Parent : ChangedLine(was, now, path));
            }
        }
        if (head.Id.Group == "" && head.Kind == "PersistentVolumeClaim") foreach (var f in StorageDecrease(old, head)) yield return f;
    }

    /// <summary>
    /// Where inside an immutable field the change is, as the changed revision writes it: the first entry or item that
    /// differs, followed down while both sides hold it; the field itself when an entry of it was removed.
    /// </summary>
    private static ObjectPath ChangedLine(YamlNode? was, YamlNode now, ObjectPath path)
    {
        while (true)
        {
            ObjectPath? next = null;
            YamlNode? wasChild = null, nowChild = null;
            switch (was, now)
            {
                case (YamlMapping a, YamlMapping b):
                    foreach (var (key, value) in b.Entries)
                    {
                        if (a[key.Value] is not { } old) return path.Key(key.Value);
                        if (Text(old) == Text(value)) continue;
                        (next, wasChild, nowChild) = (path.Key(key.Value), old, value);
                        break;
                    }
                    break;
                case (YamlSequence a, YamlSequence b):
                    for (var i = 0; i < b.Items.Count; i++)
                    {
                        if (i >= a.Items.Count) return path.Index(i);
                        if (Text(a.Items[i]) == Text(b.Items[i])) continue;
                        (next, wasChild, nowChild) = (path.Index(i), a.Items[i], b.Items[i]);
                        break;
                    }
                    break;
            }
            if (next is null || nowChild is null) return path;
            (path, was, now) = (next, wasChild, nowChild);
        }
    }

    /// <summary>The fields under an all-except rule's path present in either revision, other than the mutable ones.</summary>
    private static IReadOnlyList<ObjectPath> Children(RenderedObject old, RenderedObject head, ImmutableFieldRule rule)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var body in new[] { old.Body, head.Body })
        {
            if (body.At(rule.Path) is YamlMapping m) foreach (var e in m.Entries) names.Add(e.Key.Value);
        }
        return names.Where(n => !rule.MutableFields.Contains(n)).Select(n => rule.Path.Key(n)).ToList();
    }

    private static IEnumerable<Finding> StorageDecrease(RenderedObject old, RenderedObject head)
    {
        var path = ObjectPath.Of("spec", "resources", "requests", "storage");
        if (old.Body.At(path) is not YamlScalar was || head.Body.At(path) is not YamlScalar now) yield break;
        if (Quantity.Value(was.Value) is not { } before || Quantity.Value(now.Value) is not { } after || after >= before) yield break;
        yield return head.Finding(Stage, Severity.Error, StorageShrink,
            $"PersistentVolumeClaim {Name(head)}: the storage request shrinks from {was.Value} to {now.Value}; the API server refuses it (a claim can only grow: ValidatePersistentVolumeClaimUpdate)", path);
    }

    private static IEnumerable<Finding> ApplicationChanges(RenderedObject old, RenderedObject head)
    {
        foreach (var field in new[] { "server", "name", "namespace" })
        {
            var path = ObjectPath.Of("spec", "destination", field);
            var was = old.Body.At(path) is YamlScalar a ? a.Value : null;
            var now = head.Body.At(path) is YamlScalar b ? b.Value : null;
            if (was == now) continue;
            yield return head.Finding(Stage, Severity.Error, DestinationChanged,
                $"Application {head.Name}: destination {field} changes from {was ?? "(unset)"} to {now ?? "(unset)"}; Argo CD creates every object at the new destination and"
                + $" {(Prunes(old) ? "prunes them at the old one" : "leaves the old ones running, untracked")} — a move is a delete and a create of everything the Application owns",
                now is null ? path.Parent : path);
        }
        var projectPath = ObjectPath.Of("spec", "project");
        var oldProject = old.Body.At(projectPath) is YamlScalar p ? p.Value : null;
        var newProject = head.Body.At(projectPath) is YamlScalar q ? q.Value : null;
        if (oldProject != newProject)
        {
            yield return head.Finding(Stage, Severity.Error, ProjectChanged,
                $"Application {head.Name}: project changes from {oldProject ?? "(unset)"} to {newProject ?? "(unset)"}; the new project's destinations, source repositories and resource allow-lists decide whether it still syncs, and its roles decide who may sync it",
                newProject is null ? projectPath.Parent : projectPath);
        }
    }

    /// <summary>Base objects that the change deletes: gone, or renamed/moved (paired with their replacement by group, kind and content).</summary>
    private static List<Deletion> Deletions(Dictionary<string, RenderedObject> before, Dictionary<string, RenderedObject> after)
    {
        var gone = before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        var fresh = after.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
        var result = new List<Deletion>();
        foreach (var old in gone)
        {
            var replacement = fresh.FirstOrDefault(n => n.Id.Group == old.Id.Group && n.Kind == old.Kind && SameContent(old, n));
            if (replacement is not null) fresh.Remove(replacement);
            result.Add(new Deletion(old, replacement));
        }
        return result;
    }

    private static IEnumerable<Finding> DeletionFindings(IReadOnlyList<Deletion> deletions, RenderedCluster baseCluster, RenderedCluster headCluster)
    {
        var acknowledgements = Acknowledgements(headCluster);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var deletion in deletions)
        {
            var old = deletion.Old;
            var owner = baseCluster.Applications.FirstOrDefault(a => a.Name == old.Application);
            var headOwner = headCluster.Applications.FirstOrDefault(a => a.Name == old.Application);
            var deleted = WillBeDeleted(old, owner, headOwner);
            var danger = Danger(old, baseCluster);
            var key = AcknowledgementKey(old.Id);
            var acknowledged = acknowledgements.TryGetValue(key, out var ackAt);
            if (acknowledged) used.Add(key);
            var where = deletion.Replacement is { } r ? r.Location : headOwner?.Definition is { } app ? app.Locate(PrunePath) : old.Location;
            if (deletion.Replacement is { } replacement)
            {
                var severity = danger is not null && deleted && !acknowledged ? Severity.Error : Severity.Warning;
                yield return replacement.Finding(Stage, severity, DeleteAndCreate,
                    $"{old.Kind} {Name(old)} becomes {Name(replacement)}: to the API server that is a delete of the old object and a create of a new one"
                    + (danger is null ? "" : $"; {danger}") + (deleted ? "" : $" (Application {old.Application} does not prune: the old object stays, untracked)")
                    + (acknowledged ? $" — acknowledged at {ackAt}" : danger is not null && deleted ? $"; acknowledge it with the {AcknowledgeAnnotation} annotation if intended" : ""))
                    with { Application = replacement.Application };
                continue;
            }
            if (danger is null || !deleted) continue;
            yield return new Finding(Stage, acknowledged ? Severity.Info : Severity.Error, PrunedData,
                $"{old.Kind} {Name(old)} is no longer rendered and Argo CD will delete it ({DeletionCause(owner, headOwner)}): {danger}"
                + (acknowledged ? $" — acknowledged at {ackAt}" : $". If intended, name it ({key}) in the {AcknowledgeAnnotation} annotation of an Application"),
                where, headCluster.Name, old.Application, old.Id);
        }
        foreach (var (key, at) in acknowledgements.Where(a => !used.Contains(a.Key)))
        {
            yield return new Finding(Stage, Severity.Warning, StaleAcknowledgement,
                $"{AcknowledgeAnnotation} names {key}, which this change does not delete; remove the entry", at, headCluster.Name);
        }
    }

    private static readonly ObjectPath PrunePath = ObjectPath.Of("spec", "syncPolicy", "automated", "prune");

    /// <summary>Whether Argo CD deletes a base object the change no longer renders.</summary>
    private static bool WillBeDeleted(RenderedObject old, RenderedApplication? baseOwner, RenderedApplication? headOwner)
    {
        if (old.Annotations.TryGetValue("argocd.argoproj.io/sync-options", out var options) && options.Split(',').Any(o => o.Trim() == "Prune=false")) return false;
        if (old.Application == ClusterLayout.BootstrapApplication) return false; // applied by hand, never pruned
        if (headOwner is null)
        {
            // The Application itself is gone: its objects go with it only when it carries Argo CD's cascade finalizer.
            return baseOwner?.Definition?.Metadata?.Sequence("finalizers")?.Items.OfType<YamlScalar>().Any(s => s.Value == ResourcesFinalizer) == true;
        }
        return headOwner.Definition is { } definition && Prunes(definition);
    }

    private static string DeletionCause(RenderedApplication? baseOwner, RenderedApplication? headOwner) =>
        headOwner is null ? $"Application {baseOwner?.Name} is removed and its {ResourcesFinalizer} cascades" : $"Application {headOwner.Name} prunes";

    private static bool Prunes(RenderedObject application) => application.Body.At(PrunePath) is YamlScalar { Kind: ScalarKind.Bool } s && s.Value == "true";

    /// <summary>Why deleting this object loses data or more than itself; null when it does not.</summary>
    private static string? Danger(RenderedObject old, RenderedCluster baseCluster)
    {
        switch (old.Id.Group, old.Kind)
        {
            case ("", "PersistentVolumeClaim"):
                return "deleting a claim releases its volume, and with the usual Delete reclaim policy the data is gone";
            case ("", "Namespace"):
                var inside = baseCluster.Objects.Count(o => o.Namespace == old.Name);
                return $"deleting a Namespace deletes everything in it ({inside} object(s) rendered there, plus whatever else runs in it: claims, secrets, jobs)";
            case (ApiGroups.ApiExtensions, CustomResourceDefinition.KindName):
                var group = old.Spec?.String("group");
                var kind = old.Spec?.Mapping("names")?.String("kind");
                var instances = baseCluster.Objects.Count(o => o.Id.Group == group && o.Kind == kind);
                return $"deleting a CRD deletes every custom resource of it in the cluster ({instances} rendered here, and any created at run time)";
            case (ApiGroups.Apps, "StatefulSet") when old.Spec?.Sequence("volumeClaimTemplates") is { Items.Count: > 0 } templates:
                var policy = old.Spec?.Mapping("persistentVolumeClaimRetentionPolicy")?.String("whenDeleted") ?? "Retain";
                var claims = string.Join(", ", templates.Items.OfType<YamlMapping>().Select(t => t.Mapping("metadata")?.String("name")).OfType<string>());
                return policy == "Delete"
                    ? $"its persistentVolumeClaimRetentionPolicy.whenDeleted is Delete: the claims of its volumeClaimTemplates ({claims}) and their data are deleted with it"
                    : $"its claims ({claims}) are retained: they stay behind without an owner, holding data and storage, and a new StatefulSet of another name will not reuse them";
            default:
                return null;
        }
    }

    /// <summary><c>Kind/namespace/name</c>, or <c>Kind/name</c> for an object without a namespace.</summary>
    public static string AcknowledgementKey(Findings.ObjectReference id) => id.Namespace is null ? $"{id.Kind}/{id.Name}" : $"{id.Kind}/{id.Namespace}/{id.Name}";

    private static Dictionary<string, SourceLocation> Acknowledgements(RenderedCluster cluster)
    {
        var result = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var app in cluster.Objects.Where(ApplicationDefinition.IsApplication))
        {
            if (!app.Annotations.TryGetValue(AcknowledgeAnnotation, out var value)) continue;
            var at = app.Locate(ObjectPath.Of("metadata", "annotations", AcknowledgeAnnotation));
            foreach (var entry in value.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) result.TryAdd(entry, at);
        }
        return result;
    }

    private static Dictionary<string, RenderedObject> Index(RenderedCluster cluster)
    {
        var index = new Dictionary<string, RenderedObject>(StringComparer.Ordinal);
        foreach (var o in cluster.Objects.Where(o => o.Metadata?.String("name") is not null)) index.TryAdd(o.PlacedIdentity, o);
        return index;
    }

    private static bool SameContent(RenderedObject a, RenderedObject b) => Strip(a) == Strip(b);

    private static string Strip(RenderedObject o)
    {
        var metadata = o.Metadata;
        var body = metadata is null ? o.Body : o.Body.With("metadata", YamlMapping.Build(metadata.Start, metadata.Entries.Where(e => e.Key.Value is not ("name" or "namespace"))));
        return YamlWriter.Write(body.With("apiVersion", YamlNodes.Scalar("")));
    }

    private static string? Text(YamlNode? node) => node switch
    {
        null => null,
        YamlScalar { IsNull: true } => null,
        YamlScalar s => s.Value,
        _ => YamlWriter.Write(node),
    };

    private static string Name(RenderedObject o) => o.Namespace is null ? o.Name : $"{o.Namespace}/{o.Name}";
}
