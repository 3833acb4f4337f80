using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// <c>rules</c>, also spelled <c>policies</c>: the one rule catalogue — every stage's rule ids and the organisation's policy
/// rules. <c>list</c>, <c>explain ID</c>, <c>readme [--write]</c> (README's rule table and <c>policy/README.md</c>) and
/// <c>coverage [--write]</c> (the API server's validation functions and the offline rules that implement them).
/// </summary>
public static class RuleCommands
{
    public const string Name = "rules";

    /// <summary>
    /// The former command group of the policy rules, which waiver files, findings and scripts still name: the same
    /// commands, hidden from the tool's help so that it lists the catalogue once (<see cref="Former"/>).
    /// </summary>
    public const string FormerName = "policies";

    public static Command Create(TextWriter stdout, string name = Name) =>
        new(name, "List, explain and document the rules of every stage, the organisation's policy rules among them.")
        {
            Subcommands = { List(stdout), Explain(stdout), Readme(stdout), Coverage(stdout) },
        };

    /// <summary>The group under its former name: hidden, unless it is the command invoked (its own help then shows it).</summary>
    public static Command Former(TextWriter stdout, string[] args)
    {
        var command = Create(stdout, FormerName);
        command.Hidden = args.FirstOrDefault() != FormerName;
        return command;
    }

    private static Command List(TextWriter stdout)
    {
        var format = SharedOptions.Format("text (aligned columns) or json (an array of id, stage, severity, summary, documentation).", "text");
        format.AcceptOnlyFromAmong("text", "json");
        var stage = SharedOptions.Stages($"Only the rules of these stages (repeatable): {string.Join(", ", RuleList.StageOrder)}.", RuleList.StageOrder);
        var command = new Command("list", "One rule per line, stage by stage: id, stage, severity, what it means (the policy rules too).") { format, stage };
        command.SetAction(async (result, _) =>
        {
            var stages = result.GetValue(stage) ?? [];
            var rules = RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata)).Where(r => stages.Length == 0 || stages.Contains(r.Stage)).ToList();
            await stdout.WriteAsync(result.GetValue(format) == "json" ? RuleList.Json(rules) : RuleList.Text(rules));
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Explain(TextWriter stdout)
    {
        var id = new Argument<string>("id") { Description = "Rule id, e.g. schema/unknown-field or policy/image-tag-not-latest (a policy rule's policy/ prefix may be omitted)." };
        var repo = SharedOptions.Repo();
        var command = new Command("explain", "What a rule means; for a policy rule all its metadata and the current values of the parameters it reads.") { id, repo };
        command.SetAction(async (result, _) =>
        {
            var wanted = result.GetValue(id)!;
            if (!wanted.Contains('/', StringComparison.Ordinal)) wanted = $"{Stages.Policy}/{wanted}";
            if (RuleList.Stages.FirstOrDefault(r => r.Id == wanted) is { } stageRule)
            {
                await stdout.WriteAsync($"{stageRule.Id} ({stageRule.Stage}, {stageRule.Severity.ToString().ToLowerInvariant()})\n\n{stageRule.Summary}\n"
                    + (stageRule.Rationale is { } why ? $"\nWhy: {why}\n" : "") + (stageRule.Remediation is { } fix ? $"\nFix: {fix}\n" : "")
                    + $"\nDocumentation: {RuleList.Documentation(stageRule)}\n");
                return CommandLine.Ok;
            }
            var policy = PolicyStage.Load(CommandLine.ResolveRepository(result.GetValue(repo)));
            var rule = policy.Rules.FirstOrDefault(r => r.Metadata.Id == wanted)
                ?? throw new CannotValidateException($"unknown rule {wanted}; `rules list` shows the rules");
            await stdout.WriteAsync(PolicyReadme.Explain(rule.Metadata, policy.Configuration, source: PolicyReadme.SourceFile(rule.GetType())));
            return CommandLine.Ok;
        });
        return command;
    }

    /// <summary>Both generated rule documents: README's table of the stages' rules (where README has its markers) and <c>policy/README.md</c>.</summary>
    private static Command Readme(TextWriter stdout)
    {
        var write = SharedOptions.Write($"Update the rule table in {RuleList.ReadmeFile} and write {PolicyReadme.FileName} instead of printing them.");
        var repo = SharedOptions.Repo();
        var command = new Command("readme", $"Generate the rule table of {RuleList.ReadmeFile} (the stages' rules) and {PolicyReadme.FileName} (the policy rules, with this repository's parameter values).") { write, repo };
        command.SetAction(async (result, _) =>
        {
            var root = CommandLine.ResolveRepository(result.GetValue(repo));
            var policy = PolicyStage.Load(root);
            var policyReadme = PolicyReadme.Generate(policy.Rules, policy.Configuration);
            if (!result.GetValue(write))
            {
                await stdout.WriteLineAsync(RuleList.Markdown(RuleList.Stages));
                await stdout.WriteLineAsync();
                await stdout.WriteAsync(policyReadme);
                return CommandLine.Ok;
            }
            var readmePath = Path.Combine(root, RuleList.ReadmeFile);
            if (File.Exists(readmePath) && RuleList.UpdateReadme(await File.ReadAllTextAsync(readmePath), RuleList.Stages) is { } updated)
                await CommandLine.Write(readmePath, updated, stdout);
            else
                await stdout.WriteLineAsync($"{RuleList.ReadmeFile} left alone: it has no rule table markers ({RuleList.ReadmeBegin} … {RuleList.ReadmeEnd})");
            var policyFolder = Path.GetDirectoryName(Path.Combine(root, PolicyReadme.FileName))!;
            if (Directory.Exists(policyFolder))
                await CommandLine.Write(Path.Combine(root, PolicyReadme.FileName), policyReadme, stdout);
            else
                await stdout.WriteLineAsync($"{PolicyReadme.FileName} not written: the repository has no {Path.GetRelativePath(root, policyFolder)}/ folder");
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Coverage(TextWriter stdout)
    {
        var write = SharedOptions.Write($"Update the coverage table in {RuleList.ReadmeFile} instead of printing it.");
        var repo = SharedOptions.Repo();
        var command = new Command("coverage", "The API server's validation functions a manifest can reach, and the offline rule implementing each (or why none): README's coverage table.") { write, repo };
        command.SetAction(async (result, _) =>
        {
            var functions = ApiServerValidationFunctions.BuiltIn;
            if (!result.GetValue(write))
            {
                await stdout.WriteLineAsync(ApiServerCoverage.Markdown(functions));
                return CommandLine.Ok;
            }
            var path = Path.Combine(CommandLine.ResolveRepository(result.GetValue(repo)), RuleList.ReadmeFile);
            var updated = ApiServerCoverage.UpdateReadme(await File.ReadAllTextAsync(path), functions)
                ?? throw new CannotValidateException($"{RuleList.ReadmeFile} has no coverage table markers ({ApiServerCoverage.ReadmeBegin} … {ApiServerCoverage.ReadmeEnd})");
            await CommandLine.Write(path, updated, stdout);
            return CommandLine.Ok;
        });
        return command;
    }
}
