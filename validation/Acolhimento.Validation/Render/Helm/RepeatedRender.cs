using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// Makes a Helm source's verdict the same on every run. Argo CD renders a chart again on every refresh, so a template
/// whose output changes between renders is never what the gate checked, and the gate's own verdict would flip.
/// Three checks, each deterministic in what it reports:
/// <list type="bullet">
/// <item>a clock read, or random data over so few outcomes that two renders may agree, is an error at its line, read
/// from the template (<see cref="StaticFindings"/>); so is any such call on a line writing a name, namespace, kind or apiVersion;</item>
/// <item>random data over many outcomes is rendered twice and compared (<see cref="Compare"/>): each object that differs
/// is an error at the template line that calls the function, naming the fields that differ (two renders agree only when the
/// result is not used — <c>default (randAlphaNum 16) .Values.password</c> with the password set — or with negligible chance);</item>
/// <item>a chart reading <c>.Capabilities.KubeVersion</c> on a cluster whose patch version validation.yaml does not pin is
/// rendered with a later patch too (<see cref="ComparePatches"/>): objects only that render has are checked as well,
/// and every difference is an error asking for the full version.</item>
/// </list>
/// </summary>
internal sealed class RepeatedRender(ApplicationDefinition app, string cluster, HelmTemplateScan scan, Func<string, SourceOutput> trace)
{
    /// <summary>The patch that stands for "a later patch of the same minor" when the cluster's patch is not pinned.</summary>
    public const int LaterPatchNumber = 999;

    private const int MaxNamedFields = 3;

    public static string LaterPatch(string kubeVersion)
    {
        var parts = kubeVersion.Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}.{LaterPatchNumber}" : kubeVersion;
    }

    /// <summary>Calls that two renders cannot show to be unrepeatable, and any unrepeatable call on an identity line.</summary>
    public IReadOnlyList<Finding> StaticFindings() =>
        scan.Calls.Where(c => c.Kind == CallKind.Unrepeatable || (c.Kind == CallKind.Random && c.WritesIdentity))
            .GroupBy(c => c.At)
            .Select(line =>
            {
                var functions = string.Join(" and ", line.Select(c => c.Function).Distinct(StringComparer.Ordinal));
                return Error(RenderRules.Nondeterministic, line.Key, line.Any(c => c.WritesIdentity)
                    ? $"the template calls {functions} on a line that writes an object's identity or a name; every render names something different, so Argo CD never stays Synced and applies what was not checked: take the value from values instead"
                    : $"the template calls {functions}, whose result changes between renders (the clock, or random over few outcomes, so two renders may agree by chance); Argo CD renders again on every refresh, so what it applies is not what was checked and the Application never stays Synced: take the value from values instead");
            })
            .ToList();

    /// <summary>Objects of two renders of the same input that differ, each an error at the random call in its template.</summary>
    public IReadOnlyList<Finding> Compare(string first, string second)
    {
        var (a, b) = (trace(first).Objects, trace(second).Objects);
        var findings = new List<Finding>();
        if (a.Count != b.Count)
        {
            var at = scan.Calls.FirstOrDefault(c => c.Kind == CallKind.Random)?.At ?? a.Concat(b).Select(o => o.Location).First();
            findings.Add(Error(RenderRules.Nondeterministic, at, $"two renders of the same input produced {a.Count} and {b.Count} objects; Argo CD renders again on every refresh, so what it applies is not what was checked"));
            return findings;
        }
        for (var i = 0; i < a.Count; i++)
        {
            var fields = Differences(a[i], b[i]);
            if (fields.Count == 0) continue;
            var call = scan.Calls.FirstOrDefault(c => c.Kind == CallKind.Random && c.At.File == a[i].Location.File) ?? scan.Calls.FirstOrDefault(c => c.Kind == CallKind.Random);
            var calls = call is null ? "" : $" (the template calls {call.Function})";
            findings.Add(Error(RenderRules.Nondeterministic, call?.At ?? a[i].Location,
                $"{a[i].Id} differs between two renders of the same input at {Named(fields)}{calls}; Argo CD renders again on every refresh, so it never stays Synced and applies what was not checked: take the value from values instead"));
        }
        return findings;
    }

    /// <summary>
    /// The render at <paramref name="laterVersion"/> against the one at <paramref name="version"/>: an error per object that
    /// differs, and the objects only the later render has (so they are checked too).
    /// </summary>
    public (IReadOnlyList<Finding> Findings, IReadOnlyList<RenderedObject> Hidden) ComparePatches(string first, string second, string version, string laterVersion, IReadOnlyList<RenderedObject> firstObjects)
    {
        var later = trace(second).Objects;
        var byIdentity = firstObjects.GroupBy(o => o.Id.Identity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var laterIdentities = later.Select(o => o.Id.Identity).ToHashSet(StringComparer.Ordinal);
        var findings = new List<Finding>();
        var hidden = new List<RenderedObject>();
        var minor = string.Join('.', version.Split('.').Take(2));
        string Advice(string what) =>
            $"{what}: the chart reads .Capabilities.KubeVersion and validation.yaml gives cluster {cluster} only Kubernetes {minor}, so the gate renders {version} while Argo CD passes the cluster's full version; declare it (kubernetesVersion: \"{minor}.N\")";
        foreach (var o in later)
        {
            if (!byIdentity.TryGetValue(o.Id.Identity, out var earlier))
            {
                hidden.Add(o);
                findings.Add(Error(RenderRules.UnpinnedKubePatch, ReadIn(o), Advice($"{o.Id} is rendered with Kubernetes {laterVersion} but not with {version}")));
            }
            else if (Differences(earlier, o) is { Count: > 0 } fields)
            {
                findings.Add(Error(RenderRules.UnpinnedKubePatch, ReadIn(o), Advice($"{o.Id} differs at {Named(fields)} between Kubernetes {version} and {laterVersion}")));
            }
        }
        foreach (var o in firstObjects.Where(o => !laterIdentities.Contains(o.Id.Identity)))
            findings.Add(Error(RenderRules.UnpinnedKubePatch, ReadIn(o), Advice($"{o.Id} is rendered with Kubernetes {version} but not with {laterVersion}")));
        return (findings, hidden);
    }

    private SourceLocation ReadIn(RenderedObject o) =>
        scan.KubeVersionReads.FirstOrDefault(r => r.File == o.Location.File) ?? scan.KubeVersionReads.FirstOrDefault() ?? o.Location;

    private static string Named(IReadOnlyList<string> fields) =>
        string.Join(", ", fields.Take(MaxNamedFields)) + (fields.Count > MaxNamedFields ? $" and {fields.Count - MaxNamedFields} more" : "");

    /// <summary>Paths (dotted) whose scalar differs between two bodies, or that only one has, in document order.</summary>
    private static IReadOnlyList<string> Differences(RenderedObject a, RenderedObject b)
    {
        var left = Scalars(a.Body);
        var right = Scalars(b.Body);
        return left.Keys.Concat(right.Keys.Where(k => !left.ContainsKey(k)))
            .Where(k => !left.TryGetValue(k, out var l) || !right.TryGetValue(k, out var r) || l != r)
            .ToList();
    }

    private static Dictionary<string, string> Scalars(YamlNode body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, node) in body.Walk())
        {
            if (node is YamlScalar s) result.TryAdd(path.ToString(), s.Value);
        }
        return result;
    }

    private Finding Error(string rule, SourceLocation at, string message) =>
        new(Stages.Render, Severity.Error, rule, $"Application {app.Name}: {message}", at, cluster, app.Name);
}
