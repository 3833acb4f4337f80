using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Live;

/// <summary>Rule ids of the live stage and how the API server's answers become findings located at the source a person edits.</summary>
internal static partial class LiveFindings
{
    public static string Describe(ApplyMode mode) => mode == ApplyMode.ServerDryRun ? "server dry run" : "server-side apply";

    /// <summary>
    /// What an apply (or dry run) answer means for the object: accepted or not, and the findings — warnings (reported
    /// on the dry run only, the apply repeats them), and for a refusal one finding per field the Status names, each at
    /// that field's source line.
    /// </summary>
    public static (bool Accepted, IReadOnlyList<Finding> Findings) FromResponse(
        LiveObject target, ApiResponse response, ApplyMode mode, PodSecurityEnforcement enforcement, TimeSpan timeout,
        Func<StatusCause, ObjectPath, ObjectPath?>? locate = null, Func<LiveObject, Schema.SchemaNode?>? schemaOf = null)
    {
        if (response.Outcome == ApiOutcome.TimedOut) return (false, [TimedOut(target, Describe(mode), timeout)]);
        var findings = new List<Finding>();
        if (mode == ApplyMode.ServerDryRun) findings.AddRange(response.Warnings.Select(w => FromWarning(target, w, enforcement)));
        if (response.Succeeded) return (true, findings);
        if (response.Outcome == ApiOutcome.Unreachable)
        {
            findings.Add(target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{Describe(mode)} of {target} got no answer: {response.Failure}"));
            return (false, findings);
        }
        findings.AddRange(FromStatus(target, ApiStatus.From(response), mode, locate, schemaOf));
        return (false, findings);
    }

    /// <summary>One finding per field the refusal names (each at that field's source line), else one at the object.</summary>
    /// <param name="locate">Where a cause is about, when the cause's own path is not the best place (see <see cref="ImmutableChanges"/>).</param>
    /// <param name="schemaOf">The kind's schema, for a value a decoder refused without naming its field (see <see cref="UnnamedValues"/>).</param>
    public static IEnumerable<Finding> FromStatus(
        LiveObject target, ApiStatus status, ApplyMode mode, Func<StatusCause, ObjectPath, ObjectPath?>? locate = null, Func<LiveObject, Schema.SchemaNode?>? schemaOf = null)
    {
        var prefix = $"{Describe(mode)} rejected {target}";
        var reason = status.Reason is null ? "" : $" ({status.Reason})";
        var located = status.Causes.Where(c => c.Field is not null || c.Search is not null).ToList();
        if (located.Count == 0)
        {
            var detail = status.Causes.Count > 0 ? string.Join("; ", status.Causes.Select(c => c.Message)) : status.Message;
            yield return target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{prefix}{reason}: {detail}");
            yield break;
        }
        foreach (var cause in located)
        {
            if (cause.Field is null)
            {
                var found = UnnamedValues.Find(cause.Search!, target.Body, schemaOf?.Invoke(target));
                yield return target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected,
                    found is null ? $"{prefix}{reason}: {status.Message}" : $"{prefix}{reason}: {found}: {cause.Message}", found);
                continue;
            }
            var path = InvalidEntry(target.Body, FieldPaths.Resolve(cause.Field, target.Body), cause.Message);
            var at = locate?.Invoke(cause, path) ?? Nonempty(path);
            yield return target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{prefix}{reason}: {cause.Field.TrimStart('.')}: {cause.Message}", at);
        }
    }

    /// <summary>The server serves no such kind (its CRD is not installed): a refusal at the apiVersion the source wrote.</summary>
    public static Finding NotServed(LiveObject target, string problem, ApplyMode mode) =>
        target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected, $"{Describe(mode)} rejected {target}: {problem}", ObjectPath.Of("apiVersion"));

    /// <summary>A warning, or a rejection when the warning says Pod Security admission will refuse the workload's Pods.</summary>
    public static Finding FromWarning(LiveObject target, string warning, PodSecurityEnforcement enforcement) =>
        enforcement.ViolatedBy(target, warning) is { } enforced
            ? target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Rejected,
                $"Pod Security admission will reject the Pods of {target}: namespace {target.Namespace} enforces {enforced}, and the API server warned: {warning}", WarningPath(target.Body, warning))
            : target.Source.Finding(Stages.Live, Severity.Warning, LiveRules.Warning, $"API server warning for {target}: {warning}", WarningPath(target.Body, warning));

    public static Finding TimedOut(LiveObject target, string what, TimeSpan after) =>
        target.Source.Finding(Stages.Live, Severity.Error, LiveRules.Timeout, $"{what} of {target} did not finish within {after.TotalSeconds:0} s");

    /// <summary>Where a warning points: the container a Pod Security warning names, a named unknown field, the apiVersion of a deprecation.</summary>
    public static ObjectPath? WarningPath(YamlMapping body, string warning)
    {
        if (UnknownField().Match(warning) is { Success: true } unknown) return Nonempty(FieldPaths.Resolve(unknown.Groups["path"].Value, body));
        if (warning.Contains("is deprecated", StringComparison.Ordinal) && body.KeyNode("apiVersion") is not null) return ObjectPath.Of("apiVersion");
        // "metadata.finalizers: "x": prefer a domain-qualified finalizer name…", "spec.template.spec.containers[0].env[3]: hides previous definition…"
        if (FieldWarning().Match(warning) is { Success: true } named) return ItemNamed(body, FieldPaths.Resolve(named.Groups["path"].Value, body), named.Groups["value"].Value);
        if (!warning.Contains("PodSecurity", StringComparison.Ordinal)) return null;
        if (PodSpecPath(body) is not { } podSpec) return null;
        var spec = body.At(podSpec) as YamlMapping;
        foreach (Match container in ContainerNames().Matches(warning))
        {
            var name = container.Groups["name"].Value;
            foreach (var list in (string[])["initContainers", "containers", "ephemeralContainers"])
            {
                var items = spec?.Sequence(list)?.Items ?? [];
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is not YamlMapping c || c.String("name") != name) continue;
                    var at = podSpec.Key(list).Index(i);
                    // "container "web" must not set securityContext.privileged=true": that field, when the source writes it.
                    foreach (Match field in MustSet().Matches(warning))
                    {
                        if (field.Groups["name"].Value != name) continue;
                        var path = field.Groups["field"].Value.Split('.').Aggregate(at, (p, key) => p.Key(key));
                        if (body.At(path) is not null) return path;
                    }
                    return at;
                }
            }
        }
        return spec is null ? null : podSpec;
    }

    /// <summary>The pod spec inside a workload, or null for kinds without one.</summary>
    public static ObjectPath? PodSpecPath(YamlMapping body)
    {
        var apiVersion = body.String("apiVersion") ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        return Workloads.Find(group, body.String("kind") ?? "") is { RunsPods: true } workload ? workload.PodSpecPath : null;
    }

    private static ObjectPath? Nonempty(ObjectPath path) => path.Depth == 0 ? null : path;

    /// <summary><c>container "web" must not set securityContext.privileged=true</c>, <c>… must not include "NET_ADMIN" in securityContext.capabilities.add</c>.</summary>
    [GeneratedRegex(@"container ""(?<name>[^""]+)"" must (?:not )?(?:set|include ""[^""]*"" in) (?<field>[A-Za-z]+(?:\.[A-Za-z]+)*)")]
    private static partial Regex MustSet();

    /// <summary>
    /// The entry of a map a cause names whose key or value is the one it quotes (<c>metadata.labels: Invalid value: "-bad"</c>
    /// is about that label, not all labels), else the path as it was.
    /// </summary>
    private static ObjectPath InvalidEntry(YamlMapping body, ObjectPath path, string message)
    {
        if (body.At(path) is not YamlMapping map || QuotedInvalidValue().Match(message) is not { Success: true } quoted) return path;
        var value = System.Text.RegularExpressions.Regex.Unescape(quoted.Groups["value"].Value);
        foreach (var entry in map.Entries)
        {
            if (entry.Key.Value == value || entry.Value is YamlScalar s && s.Value == value) return path.Key(entry.Key.Value);
        }
        return path;
    }

    [GeneratedRegex(@"^Invalid value: ""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex QuotedInvalidValue();

    /// <summary>A list item whose value is the one the warning quotes (<c>metadata.finalizers</c> → the finalizer), else the field.</summary>
    private static ObjectPath? ItemNamed(YamlMapping body, ObjectPath path, string value)
    {
        if (value.Length > 0 && body.At(path) is YamlSequence items)
        {
            for (var i = 0; i < items.Items.Count; i++)
            {
                if (items.Items[i] is YamlScalar s && s.Value == value) return path.Index(i);
            }
        }
        return Nonempty(path);
    }

    /// <summary>A warning that starts with the field it is about (<c>field.Path</c> form), and the quoted value it names, if any.</summary>
    [GeneratedRegex(@"^(?<path>[a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+|\[[^\]]*\])*): (?:""(?<value>(?:[^""\\]|\\.)*)"": )?")]
    private static partial Regex FieldWarning();

    [GeneratedRegex(@"unknown field ""(?<path>[^""]+)""")]
    private static partial Regex UnknownField();

    /// <summary><c>container "api"</c>, <c>containers "api", "sidecar"</c>: each quoted name after the word.</summary>
    [GeneratedRegex(@"(?<=containers? (?:""[^""]+"", )*)""(?<name>[^""]+)""")]
    private static partial Regex ContainerNames();
}
