using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;

namespace Acolhimento.Validation.Reporting;

/// <summary>Which findings fail the run: errors only (the default), or warnings too.</summary>
public enum FailOn
{
    Error,
    Warning,
}

/// <summary>
/// What output formats need besides the findings: the rule catalogue, the clusters and stages the run covered, the
/// waivers' reasons, where the repository's files can be linked, and what fails the run.
/// </summary>
/// <param name="SourceLinkBase">Prefix for links to repository files (e.g. <c>https://github.com/org/repo/blob/SHA/</c>); null for relative links.</param>
/// <param name="DocumentationBase">Absolute prefix for documentation links (rule help); SARIF requires absolute URIs.</param>
public sealed record ReportContext(
    RuleCatalogue Rules,
    IReadOnlyList<string> Clusters,
    IReadOnlyList<string> Stages,
    IReadOnlyDictionary<string, string> WaiverReasons,
    FailOn FailOn = FailOn.Error,
    string? SourceLinkBase = null,
    string DocumentationBase = ReportContext.DefaultDocumentationBase)
{
    public const string ToolName = Identity.Harness.ToolName;
    public const string ToolVersion = "1.0.0";
    public const string DefaultDocumentationBase = "https://github.com/central-acolhimento/gitops/blob/main/";

    /// <summary>Exit code of the run this report describes: 2 could not validate, 1 a failing finding, else 0.</summary>
    public int ExitCode(ValidationReport report) =>
        report.CannotValidateReason is not null ? 2
        : report.HasErrors || (FailOn == FailOn.Warning && report.HasWarnings) ? 1
        : 0;

    /// <summary>Whether this finding fails the run under <see cref="FailOn"/>.</summary>
    public bool Fails(Finding finding) => finding.CountsAsError || (FailOn == FailOn.Warning && finding.CountsAsWarning);

    public string? WaiverReason(Finding finding) =>
        finding.Waiver is { } id ? WaiverReasons.TryGetValue(id, out var reason) ? reason : $"waiver {id}" : null;

    /// <summary>A link to a line of a repository file: absolute under <see cref="SourceLinkBase"/>, else repository-relative.</summary>
    public string SourceLink(SourceLocation location) => $"{SourceLinkBase ?? ""}{location.File}#L{location.Line}";

    /// <summary>A context without repository data (tests, and runs that stopped before reading the repository).</summary>
    public static ReportContext Minimal(IReadOnlyList<string>? clusters = null, IReadOnlyList<string>? stages = null, FailOn failOn = FailOn.Error) =>
        new(RuleCatalogue.BuiltIn, clusters ?? [], stages ?? Findings.Stages.Offline, new Dictionary<string, string>(), failOn);

    /// <summary>
    /// The context for a repository: policy rules and waivers from <c>policy/</c>, documentation links under the
    /// repository's own URL from <c>validation.yaml</c> (<paramref name="configuration"/> and <paramref name="policy"/> when the
    /// run already read them; what it did not, from the settings texts the run's parse stage read, <paramref name="repository"/>).
    /// Whatever cannot be read is left out: a report is still written.
    /// </summary>
    public static ReportContext ForRepository(string repositoryRoot, IReadOnlyList<string> clusters, IReadOnlyList<string> stages, FailOn failOn, string? sourceLinkBase,
        RepositoryConfiguration? configuration = null, PolicyStage? policy = null, Parsing.ParsedRepository? repository = null)
    {
        var rules = RuleCatalogue.BuiltIn;
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var documentation = DefaultDocumentationBase;
        try
        {
            var loaded = policy ?? (repository is not null ? PolicyStage.Load(repository, configuration)
                : configuration is null ? PolicyStage.Load(repositoryRoot) : PolicyStage.Load(repositoryRoot, configuration));
            rules = RuleCatalogue.Create(loaded.Rules.Select(r => r.Metadata));
            foreach (var waiver in loaded.Waivers) reasons.TryAdd(waiver.Id, waiver.Reason);
        }
        catch (CannotValidateException)
        {
            // No policy folder: the catalogue has only the stages' own rules.
        }
        try
        {
            if ((configuration ?? (repository is null ? RepositoryConfiguration.Load(repositoryRoot) : RepositoryConfiguration.Load(repository))).RepositoryUrls.FirstOrDefault(u => u.StartsWith("https://", StringComparison.Ordinal)) is { } url)
                documentation = RepositoryConfiguration.NormaliseUrl(url) + "/blob/main/";
        }
        catch (CannotValidateException)
        {
        }
        return new ReportContext(rules, clusters, stages, reasons, failOn, sourceLinkBase, documentation);
    }
}
