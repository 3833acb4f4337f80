using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// <c>rules list</c> and <c>rules readme [--write]</c>: every rule id of every stage, with its severity and what it means;
/// <c>rules coverage [--write]</c>: the API server's validation functions and the offline rules that implement them.
/// </summary>
public static class RuleCommands
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("rules", "List every rule id of every stage.");
        command.Subcommands.Add(List(stdout));
        command.Subcommands.Add(Readme(stdout));
        command.Subcommands.Add(Coverage(stdout));
        return command;
    }

    private static Command List(TextWriter stdout)
    {
        var format = new Option<string>("--format") { Description = "text (aligned columns) or json (an array of id, stage, severity, summary, documentation).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("list", "One rule per line, stage by stage: id, stage, severity, what it means (the policy rules too).") { format };
        command.SetAction(async (result, _) =>
        {
            var rules = RuleList.All(RuleDiscovery.Discover().Select(r => r.Metadata));
            await stdout.WriteAsync(result.GetValue(format) == "json" ? RuleList.Json(rules) : RuleList.Text(rules));
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Readme(TextWriter stdout)
    {
        var write = new Option<bool>("--write") { Description = $"Update the rule table in {RuleList.ReadmeFile} instead of printing it." };
        var repo = SharedOptions.Repo();
        var command = new Command("readme", $"Generate the rule table of {RuleList.ReadmeFile} (the stages' rules; the policy rules are in {PolicyReadme.FileName}).") { write, repo };
        command.SetAction(async (result, _) =>
        {
            var table = RuleList.Markdown(RuleList.Stages);
            if (!result.GetValue(write))
            {
                await stdout.WriteLineAsync(table);
                return CommandLine.Ok;
            }
            var path = Path.Combine(CommandLine.ResolveRepository(result.GetValue(repo)), RuleList.ReadmeFile);
            var updated = RuleList.UpdateReadme(await File.ReadAllTextAsync(path), RuleList.Stages)
                ?? throw new CannotValidateException($"{RuleList.ReadmeFile} has no rule table markers ({RuleList.ReadmeBegin} … {RuleList.ReadmeEnd})");
            await CommandLine.Write(path, updated, stdout);
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Coverage(TextWriter stdout)
    {
        var write = new Option<bool>("--write") { Description = $"Update the coverage table in {RuleList.ReadmeFile} instead of printing it." };
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
