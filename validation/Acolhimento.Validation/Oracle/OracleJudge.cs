using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;

namespace Acolhimento.Validation.Oracle;

/// <summary>How the offline stages' answer on one case compares with the API server's.</summary>
public enum OracleOutcome
{
    /// <summary>Rejected by the API server, and the gate has an error at the field it names.</summary>
    CaughtAtField,

    /// <summary>Accepted by the API server, and the gate has no error.</summary>
    Accepted,

    /// <summary>Rejected by the API server; the gate has errors, none at the field it names.</summary>
    CaughtElsewhere,

    /// <summary>Rejected by the API server; the gate has no error.</summary>
    Missed,

    /// <summary>Accepted by the API server; the gate has an error.</summary>
    Refused,
}

/// <summary>One case, the gate's error findings on it and the comparison.</summary>
public sealed record OracleJudgement(OracleCase Case, OracleOutcome Outcome, IReadOnlyList<ExpectedField> Expected, IReadOnlyList<Finding> Errors)
{
    public bool Agrees => Outcome is OracleOutcome.CaughtAtField or OracleOutcome.Accepted;
}

/// <summary>
/// Puts a case's manifest through the offline stages in process — the parse stage on its text, then the schema stage
/// on the object — and compares the error findings with the API server's verdict. Stateless; safe in parallel.
/// </summary>
internal sealed class OracleJudge(SchemaStage stage, string kubernetesVersion)
{
    private readonly SchemaCatalog _catalog = stage.Catalog(kubernetesVersion);
    private readonly ReleaseVersion _target = ReleaseVersion.Parse(kubernetesVersion) ?? throw new ArgumentException($"not MAJOR.MINOR: {kubernetesVersion}", nameof(kubernetesVersion));

    public const string Cluster = "oracle";

    public OracleJudgement Judge(OracleCase item)
    {
        var (errors, claimTemplates) = Run(item);
        var expected = item.Rejected ? ExpectedField.Of(item, claimTemplates) : [];
        var outcome = (item.Rejected, errors.Count) switch
        {
            (false, 0) => OracleOutcome.Accepted,
            (false, _) => OracleOutcome.Refused,
            (true, 0) => OracleOutcome.Missed,
            _ => errors.Any(e => expected.Any(x => x.IsAt(PathOf(e), coversBelow: e.Rule == SchemaRules.RequiredField))) ? OracleOutcome.CaughtAtField : OracleOutcome.CaughtElsewhere,
        };
        return new OracleJudgement(item, outcome, expected, errors);
    }

    /// <summary>The parse and schema stages' error findings on the case's manifest, as if it were written in <c>cases/ID.json</c>.</summary>
    public IReadOnlyList<Finding> Errors(OracleCase item) => Run(item).Errors;

    /// <summary>The error findings, and how many volumeClaimTemplates the object has (the API server numbers a StatefulSet's volumes after them).</summary>
    private (IReadOnlyList<Finding> Errors, int ClaimTemplates) Run(OracleCase item)
    {
        var path = $"cases/{item.Id}.json";
        var (file, parseFindings) = ParseStage.ParseText(path, item.ManifestJson, FileKind.Manifest);
        var errors = parseFindings.Where(f => f.Severity == Severity.Error).ToList();
        var claimTemplates = 0;
        foreach (var rendered in RenderedObjects.FromFile(file, Cluster, Cluster))
        {
            errors.AddRange(stage.Check(rendered, _catalog, _target).Where(f => f.Severity == Severity.Error));
            if (rendered.Kind == "StatefulSet") claimTemplates = rendered.Spec?.Sequence("volumeClaimTemplates")?.Items.Count ?? 0;
        }
        return (errors, claimTemplates);
    }

    /// <summary>
    /// The field a finding is at: its path; a missing required field's own path (the schema walk reports it at the
    /// mapping that lacks it, naming the field in its message); for the parse stage's missing-field finding the field it names.
    /// </summary>
    private static FieldPath PathOf(Finding finding)
    {
        if (finding.Rule == SchemaRules.RequiredField && RequiredFieldName(finding.Message) is { } missing)
        {
            var parent = FieldPath.Parse(finding.Path);
            return new FieldPath(parent.Segments.Add(missing));
        }
        if (finding.Path is not null) return FieldPath.Parse(finding.Path);
        if (finding.Rule == ParseRules.MissingField && MessageField(finding.Message) is { } field) return FieldPath.Parse(field);
        return FieldPath.Root;
    }

    private static string? RequiredFieldName(string message)
    {
        const string marker = "missing the required field \"";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        start += marker.Length;
        var end = message.IndexOf('"', start);
        return end < 0 ? null : message[start..end];
    }

    private static string? MessageField(string message)
    {
        var start = message.IndexOf("no string \"", StringComparison.Ordinal);
        if (start < 0) return null;
        start += "no string \"".Length;
        var end = message.IndexOf('"', start);
        return end < 0 ? null : message[start..end];
    }
}
