using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning reads it: one run; <c>tool.driver.rules</c> from the rule catalogue with help
/// links; each result at its repository-relative file, line and column (under <c>uriBaseId</c> <c>%SRCROOT%</c>), with a
/// fingerprint that does not move when lines move, the cluster/application/object as properties, and a waived finding
/// as an external suppression carrying the waiver's reason.
/// </summary>
internal sealed class SarifFormat : IOutputFormat
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    public const string RootBase = "%SRCROOT%";
    public const string FingerprintName = "acolhimentoFinding/v1";

    /// <summary>Findings without a source line are reported at the repository's configuration file, where GitHub can show them.</summary>
    private static readonly SourceLocation RepositoryLevel = new(Configuration.RepositoryConfiguration.FileName, 1, 1);

    public string Name => "sarif";
    public string Description => "SARIF 2.1.0 for GitHub code scanning (upload with github/codeql-action/upload-sarif)";
    public string DefaultFileName => "report.sarif";

    public string Write(ValidationReport report, ReportContext context)
    {
        var rules = context.Rules.WithRulesOf(report.Findings);
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var fingerprints = Fingerprints(report.Findings);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, rules, context);
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject(RootBase);
            w.WriteStartObject("description");
            w.WriteString("text", "The root of the repository being validated; result URIs are relative to it.");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            WriteInvocation(w, report, context);
            w.WriteStartArray("results");
            for (var i = 0; i < report.Findings.Count; i++) WriteResult(w, report.Findings[i], ruleIndex[report.Findings[i].Rule], fingerprints[i], context);
            w.WriteEndArray();
            w.WriteStartObject("properties");
            w.WriteNumber("files", report.Summary.Files);
            w.WriteNumber("objects", report.Summary.Objects);
            w.WriteStartArray("clusters");
            foreach (var c in context.Clusters) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("stages");
            foreach (var s in context.Stages) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteTool(Utf8JsonWriter w, IReadOnlyList<RuleDescription> rules, ReportContext context)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", ReportContext.ToolName);
        w.WriteString("semanticVersion", ReportContext.ToolVersion);
        w.WriteString("informationUri", context.DocumentationBase + "README.md");
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteString("name", RuleName(rule.Id));
            w.WriteStartObject("shortDescription");
            w.WriteString("text", rule.Title);
            w.WriteEndObject();
            w.WriteStartObject("fullDescription");
            w.WriteString("text", rule.Rationale);
            w.WriteEndObject();
            w.WriteStartObject("help");
            w.WriteString("text", $"{rule.Remediation} See {rule.DocumentationPath}.");
            w.WriteString("markdown", $"{rule.Remediation}\n\n[Documentation of `{rule.Id}`]({context.DocumentationBase}{rule.DocumentationPath})");
            w.WriteEndObject();
            w.WriteString("helpUri", context.DocumentationBase + rule.DocumentationPath);
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(rule.DefaultSeverity));
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteStartArray("tags");
            w.WriteStringValue(rule.Stage);
            w.WriteStringValue("kubernetes");
            w.WriteEndArray();
            w.WriteString("precision", "very-high");
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter w, ValidationReport report, ReportContext context)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", report.CannotValidateReason is null);
        w.WriteNumber("exitCode", context.ExitCode(report));
        if (report.CannotValidateReason is { } reason)
        {
            w.WriteStartArray("toolExecutionNotifications");
            w.WriteStartObject();
            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", $"could not validate: {reason}");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter w, Finding f, int ruleIndex, string fingerprint, ReportContext context)
    {
        var location = f.Location ?? RepositoryLevel;
        w.WriteStartObject();
        w.WriteString("ruleId", f.Rule);
        w.WriteNumber("ruleIndex", ruleIndex);
        w.WriteString("level", Level(f.Severity));
        w.WriteStartObject("message");
        w.WriteString("text", f.Location is null ? $"{f.Message} (no source line: reported at {location.File})" : f.Message);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", EscapeUri(location.File));
        w.WriteString("uriBaseId", RootBase);
        w.WriteEndObject();
        w.WriteStartObject("region");
        w.WriteNumber("startLine", Math.Max(1, location.Line));
        w.WriteNumber("startColumn", Math.Max(1, location.Column));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString(FingerprintName, fingerprint);
        w.WriteEndObject();
        if (context.WaiverReason(f) is { } reason)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", reason);
            w.WriteStartObject("properties");
            w.WriteString("waiver", f.Waiver);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartObject("properties");
        w.WriteString("stage", f.Stage);
        if (f.Cluster is not null) w.WriteString("cluster", f.Cluster);
        if (f.Application is not null) w.WriteString("application", f.Application);
        if (f.Object is { } o)
        {
            w.WriteString("object", ObjectText(o));
            w.WriteString("apiVersion", o.ApiVersion);
        }
        if (f.Path is not null) w.WriteString("path", f.Path);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// A hash of what identifies a finding apart from where its lines are: rule, file, cluster, application, object,
    /// field path — plus its rank among findings equal in all of these, so two of them never share a fingerprint.
    /// </summary>
    internal static IReadOnlyList<string> Fingerprints(IReadOnlyList<Finding> findings)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<string>(findings.Count);
        foreach (var f in findings)
        {
            var identity = string.Join('\u0000', f.Rule, f.Location?.File ?? "", f.Cluster ?? "", f.Application ?? "", f.Object?.Identity ?? "", f.Path ?? "");
            var rank = seen.TryGetValue(identity, out var n) ? n + 1 : 0;
            seen[identity] = rank;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity + "\u0000" + rank));
            result.Add(Convert.ToHexStringLower(hash)[..32]);
        }
        return result;
    }

    internal static string ObjectText(ObjectReference o) => $"{o.Kind} {(o.Namespace is null ? "" : o.Namespace + "/")}{o.Name}";

    private static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };

    /// <summary><c>schema/unknown-field</c> → <c>SchemaUnknownField</c>: SARIF's rule name is an identifier.</summary>
    private static string RuleName(string id) =>
        string.Concat(id.Split('/', '-', '.', '_').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    private static string EscapeUri(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
