using System.Text;

namespace Acolhimento.Validation.Policy;

/// <summary>Generates <c>policy/README.md</c> from the rules' metadata and the current parameters; a test keeps the file in step.</summary>
public static class PolicyReadme
{
    public const string FileName = "policy/README.md";

    public static string Generate(IReadOnlyList<IPolicyRule> rules, PolicyConfiguration configuration)
    {
        var sb = new StringBuilder();
        sb.Append("<!-- Generated from the rules' metadata: do not edit. Regenerate with\n");
        sb.Append("     dotnet run --project validation/Acolhimento.Validation.Cli -- policies readme --write\n");
        sb.Append("     (the Policy test PolicyReadmeTests fails while this file is stale). -->\n");
        sb.Append("# Policy rules\n\n");
        sb.Append("The policy stage checks every object a cluster receives against these rules. Each rule is one C# class named after\n");
        sb.Append("its id (`policy/pss-capabilities` is `PssCapabilities`) in `policy/rules/<area>/` (each rule's section names its file),\n");
        sb.Append("its parameters are in `policy/config.yaml`, its fixtures under `policy/tests/<rule-name>/` (`pass/` and `fail/`; a\n");
        sb.Append("failing fixture marks each line a finding must be reported at with `# expect: <rule id>`, and a fixture that runs as\n");
        sb.Append("another cluster or profile says so once with `# fixture: cluster=<name> profile=kubernetes`).\n");
        sb.Append($"`{Identity.Harness.ToolName} policies list` and `policies explain ID` show the same information.\n\n");
        sb.Append("## Profiles and per-rule settings\n\n");
        sb.Append("`policy/config.yaml` selects a profile with `profile:`. `kubernetes` runs what is wrong on any cluster: references\n");
        sb.Append("between objects, Pod Security at the level each Namespace's `pod-security.kubernetes.io/enforce` label declares,\n");
        sb.Append("NetworkPolicies that select nothing or block a declared flow, Argo CD projects that do not exist or do not allow an\n");
        sb.Append("Application. `organisation` runs those and this organisation's practices, with the parameters below (a parameter is\n");
        sb.Append("required when a rule that reads it runs). A repository without `policy/config.yaml` gets the `kubernetes` profile.\n");
        sb.Append("`rules:` then changes single rules, in order, the last matching entry winning:\n\n");
        sb.Append("```yaml\nrules:\n  - rule: policy/container-probes   # any rule id, also one outside the profile (this switches it on)\n");
        sb.Append("    severity: warning              # error | warning | info | off\n");
        sb.Append("    paths: [apps/llm/]             # optional: only findings located in these files (`*`, `**`, `?`; a trailing / = the folder)\n```\n\n");
        sb.Append($"This repository runs the `{RuleSelection.Name(configuration.EffectiveSelection.Profile)}` profile.\n\n");
        Parameters(sb, rules, configuration);
        sb.Append("## Waivers\n\n");
        sb.Append("`policy/exceptions.yaml` holds dated exceptions: `id`, `rule`, `selector` (`cluster`, `namespace`, `kind`, `name`;\n");
        sb.Append("absent fields match anything), `reason`, `owner` and `expires` (YYYY-MM-DD, valid through that day). A waived\n");
        sb.Append("finding is still reported, marked waived, and no longer fails the gate. A waiver that matches nothing is a\n");
        sb.Append("warning (`policy/unused-waiver`); an expired waiver is an error (`policy/expired-waiver`) and waives nothing.\n\n");
        sb.Append("## Rules\n\n");
        sb.Append("| Rule | Severity | Profile | Applies to | Title |\n|---|---|---|---|---|\n");
        foreach (var rule in rules)
        {
            var m = rule.Metadata;
            sb.Append($"| [`{m.Id}`](#{Anchor(m.Id)}) | {m.Severity.ToString().ToLowerInvariant()} | {m.ProfileText} | {m.AppliesToText} | {m.Title} |\n");
        }
        foreach (var area in rules.GroupBy(r => r.Metadata.Area, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append($"\n## {area.Key}\n");
            foreach (var rule in area)
            {
                sb.Append('\n').Append(Explain(rule.Metadata, configuration, heading: "### ", source: SourceFile(rule.GetType())));
            }
        }
        return sb.ToString();
    }

    /// <summary>Every parameter as declared beside the code that reads it: key, type, default, this repository's value, readers.</summary>
    private static void Parameters(StringBuilder sb, IReadOnlyList<IPolicyRule> rules, PolicyConfiguration configuration)
    {
        sb.Append("## Parameters\n\n");
        sb.Append("Declared next to the code that reads them (a rule's `PolicyParameter` fields, or `SharedParameters` for those the\n");
        sb.Append("stage reads too); set in `policy/config.yaml`. Optional ones may be left out even when a rule that reads them runs.\n\n");
        sb.Append("| Parameter | Type | Default | This repository | Read by | Meaning |\n|---|---|---|---|---|---|\n");
        foreach (var parameter in SharedParameters.Declared(rules))
        {
            var readers = rules.Where(r => r.Metadata.ParameterList.Contains(parameter)).Select(r => $"[`{r.Metadata.Id}`](#{Anchor(r.Metadata.Id)})");
            var type = parameter.TypeName.Replace("|", "\\|", StringComparison.Ordinal) + (parameter.Optional ? ", optional" : "");
            sb.Append($"| `{parameter.Name}` | {type} | `{parameter.Describe(parameter.DefaultValue)}` | `{configuration.Describe(parameter)}` | {string.Join(", ", readers)} | {parameter.Description} |\n");
        }
        sb.Append('\n');
    }

    /// <summary>All of a rule's metadata and the current values of the parameters it reads.</summary>
    public static string Explain(RuleMetadata m, PolicyConfiguration configuration, string heading = "", string? source = null)
    {
        var sb = new StringBuilder();
        sb.Append($"{heading}{m.Id}\n\n");
        sb.Append($"{m.Title}\n\n");
        sb.Append($"- Severity: {m.Severity.ToString().ToLowerInvariant()}\n");
        sb.Append($"- Profile: {m.ProfileText}{(m.Profile == RuleProfile.Kubernetes ? " (and organisation)" : "")}\n");
        sb.Append($"- Applies to: {m.AppliesToText}\n");
        sb.Append($"- Area: {m.Area}\n");
        if (source is not null) sb.Append($"- Source: [`{source}`]({Path.GetRelativePath(Path.GetDirectoryName(FileName)!, source).Replace('\\', '/')})\n");
        foreach (var parameter in m.ParameterList)
        {
            sb.Append($"- Parameter `{parameter.Name}`: `{configuration.Describe(parameter)}`\n");
        }
        sb.Append($"\nWhy: {m.Rationale}\n\n");
        sb.Append($"Fix: {m.Remediation}\n");
        return sb.ToString();
    }

    /// <summary>
    /// Where a rule's class lives: <c>policy/rules/&lt;folder&gt;/&lt;Class&gt;.cs</c>, the folder being its namespace's last
    /// part in lower case (<c>Rules.ArgoCd</c> → <c>argocd</c>). PolicyNamingTests holds every rule to it.
    /// </summary>
    public static string SourceFile(Type ruleType) =>
        $"policy/rules/{ruleType.Namespace![(ruleType.Namespace!.LastIndexOf('.') + 1)..].ToLowerInvariant()}/{ruleType.Name}.cs";

    /// <summary>The GitHub heading anchor of a rule's section in the generated README (used by links from reports).</summary>
    public static string Anchor(string id) => id.Replace("/", "", StringComparison.Ordinal);
}
