using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;

namespace Acolhimento.Validation.Policy;

/// <summary>
/// Policy stage: evaluates the rules the configuration's profile and settings select (at the severity they give each
/// file) over each cluster's rendered object set, applies the waivers of
/// <c>policy/exceptions.yaml</c>, and reports unused and expired waivers and malformed policy files at their lines.
/// </summary>
public sealed class PolicyStage
{
    private readonly IReadOnlyList<Finding> _fileFindings;

    public PolicyStage(
        IReadOnlyList<IPolicyRule> rules, PolicyConfiguration configuration, IReadOnlyList<Waiver> waivers,
        IReadOnlyList<Finding>? fileFindings = null, IReadOnlyList<string>? repositoryClusters = null)
    {
        RuleDiscovery.Validate(rules);
        Rules = rules.OrderBy(r => r.Metadata.Id, StringComparer.Ordinal).ToList();
        Configuration = configuration;
        Waivers = waivers;
        _fileFindings = fileFindings ?? [];
        RepositoryClusters = repositoryClusters;
    }

    public IReadOnlyList<IPolicyRule> Rules { get; }

    public PolicyConfiguration Configuration { get; }

    public IReadOnlyList<Waiver> Waivers { get; }

    /// <summary>Every cluster of the repository (from <c>validation.yaml</c>); null when unknown. A run over fewer clusters judges only the waivers it could have used.</summary>
    public IReadOnlyList<string>? RepositoryClusters { get; }

    /// <summary>Problems in <c>policy/config.yaml</c> and <c>policy/exceptions.yaml</c> themselves.</summary>
    public IReadOnlyList<Finding> FileFindings => _fileFindings;

    /// <summary>
    /// Reads <c>policy/config.yaml</c>, <c>policy/exceptions.yaml</c> (optional) and the cluster names of
    /// <c>validation.yaml</c> (when present) with the discovered rules. A repository without <c>policy/config.yaml</c>
    /// gets the kubernetes profile: what is wrong on any cluster, with no organisation parameters.
    /// </summary>
    public static PolicyStage Load(string repositoryRoot) =>
        Load(repositoryRoot, File.Exists(Path.Combine(repositoryRoot, RepositoryConfiguration.FileName)) ? RepositoryConfiguration.Load(repositoryRoot) : null);

    /// <summary>As <see cref="Load(string)"/> with <c>validation.yaml</c> already read by the caller (null: the repository has none).</summary>
    public static PolicyStage Load(string repositoryRoot, RepositoryConfiguration? repository)
    {
        var configPath = Path.Combine(repositoryRoot, PolicyConfiguration.FileName);
        var exceptionsPath = Path.Combine(repositoryRoot, WaiverFile.FileName);
        var clusters = repository?.Clusters.Select(c => c.Name).ToList();
        return FromText(File.Exists(configPath) ? Read(configPath) : null, File.Exists(exceptionsPath) ? Read(exceptionsPath) : null, repositoryClusters: clusters);
    }

    /// <summary>
    /// As <see cref="Load(string, RepositoryConfiguration?)"/> from the texts the parse stage read
    /// (<see cref="Parsing.ParsedRepository.SettingsText"/>): a run reads <c>policy/config.yaml</c> and <c>policy/exceptions.yaml</c> once.
    /// </summary>
    public static PolicyStage Load(Parsing.ParsedRepository repository, RepositoryConfiguration? configuration) =>
        FromText(repository.SettingsText(PolicyConfiguration.FileName), repository.SettingsText(WaiverFile.FileName),
            repositoryClusters: configuration?.Clusters.Select(c => c.Name).ToList());

    /// <summary>The rule profile alone, from the text the parse stage read: no rule is discovered (<see cref="PolicyConfigurationReader.ProfileOf"/>).</summary>
    public static RuleProfile ProfileOf(Parsing.ParsedRepository repository) =>
        PolicyConfigurationReader.ProfileOf(repository.SettingsText(PolicyConfiguration.FileName));

    /// <summary>Builds the stage from file contents (as if read from the repository; no configuration = the kubernetes profile) and the discovered or given rules.</summary>
    public static PolicyStage FromText(string? configurationYaml, string? exceptionsYaml, IReadOnlyList<IPolicyRule>? rules = null, IReadOnlyList<string>? repositoryClusters = null)
    {
        rules ??= RuleDiscovery.Discover();
        var configuration = configurationYaml is null
            ? new PolicyConfigurationResult(PolicyConfiguration.KubernetesDefaults, [])
            : PolicyConfigurationReader.Parse(configurationYaml, rules: rules);
        var known = rules.Select(r => r.Metadata.Id).ToHashSet(StringComparer.Ordinal);
        var waivers = exceptionsYaml is null ? new WaiverFileResult([], []) : WaiverFile.Parse(exceptionsYaml, known);
        return new PolicyStage(rules, configuration.Configuration, waivers.Waivers, [.. configuration.Findings, .. waivers.Findings], repositoryClusters);
    }

    /// <summary>
    /// Rule findings for every cluster (waived ones carry <see cref="Finding.Waiver"/>), waiver findings and file findings, in rule order (the pipeline sorts once, at the end).
    /// <paramref name="failedClusters"/> are the clusters whose render lost objects, with the render finding that says why
    /// (<see cref="RenderResult.FailedClusters"/>): there the rules that need every object are not evaluated, no waiver
    /// that may apply there is called unused, and one info finding says so.
    /// </summary>
    /// <param name="shard">The share of the repository's clusters this run judges (<c>--shard K/N</c>): a waiver is called unused when it matched nothing in the share, for <see cref="Reporting.ShardMerge"/> to keep only what every shard says.</param>
    public IReadOnlyList<Finding> Run(IReadOnlyList<RenderedCluster> clusters, DateOnly today, IReadOnlyDictionary<string, Finding>? failedClusters = null, ClusterShard? shard = null)
    {
        failedClusters ??= new Dictionary<string, Finding>();
        // Cross-object rules judge what one cluster receives: each destination cluster of an Argo CD apart.
        var ruleFindings = clusters.SelectMany(c => c.PerDestination().SelectMany(part => Evaluate(part, complete: !failedClusters.ContainsKey(c.Name), whole: c))).ToList();
        var evaluated = clusters.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var findings = new List<Finding>(_fileFindings);
        var judged = shard is null ? null : (RepositoryClusters ?? (IReadOnlyCollection<string>)evaluated).Where(shard.Takes).ToList();
        findings.AddRange(OncePerDecision(WaiverApplication.Apply(ruleFindings, Waivers, today, evaluated, RepositoryClusters, failedClusters.Keys.ToHashSet(StringComparer.Ordinal), judged)));
        findings.AddRange(clusters.Where(c => failedClusters.ContainsKey(c.Name)).Select(c => Skipped(c.Name, failedClusters[c.Name])));
        return findings;
    }

    /// <summary>
    /// One finding per rule, cluster and source line: when several objects get the same finding from one line (a Helm
    /// value that several templates turn into fields, located at its values line), that line is one decision and one fix.
    /// The first object (in report order) carries the finding; the message names the others. Waived and unwaived stay apart.
    /// </summary>
    public static IEnumerable<Finding> OncePerDecision(IEnumerable<Finding> findings)
    {
        foreach (var group in findings.GroupBy(f => (f.Stage, f.Rule, f.Severity, f.Cluster, f.Location, f.Waiver)))
        {
            var list = group.Order(FindingOrder.Instance).ToList();
            var objects = list.Select(f => f.Object).ToList();
            if (list.Count == 1 || group.Key.Location is null || objects.Any(o => o is null) || objects.Distinct().Count() != list.Count)
            {
                foreach (var finding in list) yield return finding;
                continue;
            }
            var others = string.Join(", ", list.Skip(1).Select(f => $"{f.Object!.Kind} {f.Object.Name}"));
            yield return list[0] with { Message = $"{list[0].Message}; the same line decides it for {others} too" };
        }
    }

    /// <summary>
    /// Findings of every rule that applies to the cluster, before waivers; on an incomplete object set only the rules that
    /// judge each object by itself. <paramref name="whole"/> is everything its Argo CD deploys when <paramref name="cluster"/>
    /// is one destination's part of it (<see cref="RenderedCluster.PerDestination"/>).
    /// </summary>
    public IReadOnlyList<Finding> Evaluate(RenderedCluster cluster, bool complete = true, RenderedCluster? whole = null)
    {
        var context = new PolicyContext(cluster, Configuration, whole);
        var selection = Configuration.EffectiveSelection;
        var findings = new List<Finding>();
        foreach (var rule in Rules)
        {
            if (!selection.Runs(rule.Metadata)) continue;
            if (rule.Metadata.AppliesTo == RuleScope.ProductionOnly && !context.IsProduction) continue;
            if (!complete && rule.Metadata.NeedsWholeObjectSet) continue;
            findings.AddRange(selection.Apply(rule.Metadata, EvaluateGuarded(rule, context)));
        }
        return cluster.Destination is { } destination ? findings.Select(f => f.Destination is null ? f with { Destination = destination.Name } : f).ToList() : findings;
    }

    /// <summary>The one finding that says what was not judged for a cluster whose render lost objects, and why, at the render finding's place.</summary>
    private Finding Skipped(string cluster, Finding renderFailure)
    {
        var skipped = Rules.Where(r => r.Metadata.NeedsWholeObjectSet && Configuration.EffectiveSelection.Runs(r.Metadata)).Select(r => r.Metadata.Id).ToList();
        var where = renderFailure.Location is { } at ? $" at {at}" : "";
        return new Finding(Stages.Policy, Severity.Info, PolicyStageRules.ChecksSkipped,
            $"cluster {cluster}: its render failed or does not hold what its sources say ({renderFailure.Rule}{where}), so checks that need every object were skipped for it: "
            + $"unused waivers, dead configuration{(skipped.Count == 0 ? "" : ", " + string.Join(", ", skipped))}; fix the render finding to get them back",
            renderFailure.Location, cluster, renderFailure.Application);
    }

    /// <summary>One rule over one cluster, honouring its scope (fixtures test one rule on the cluster they name).</summary>
    public static IReadOnlyList<Finding> EvaluateRule(IPolicyRule rule, PolicyContext context)
    {
        if (rule.Metadata.AppliesTo == RuleScope.ProductionOnly && !context.IsProduction) return [];
        return EvaluateGuarded(rule, context);
    }

    // A rule that throws on unexpected input must not take the stage down: it becomes a finding naming the rule.
    private static IReadOnlyList<Finding> EvaluateGuarded(IPolicyRule rule, PolicyContext context)
    {
        try
        {
            return rule.Evaluate(context).ToList();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [new Finding(Stages.Policy, Severity.Error, PolicyStageRules.RuleFailed,
                $"rule {rule.Metadata.Id} failed on cluster {context.ClusterName}: {ex.GetType().Name}: {ex.Message}", Cluster: context.ClusterName)];
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot read {path}: {ex.Message}");
        }
    }
}
