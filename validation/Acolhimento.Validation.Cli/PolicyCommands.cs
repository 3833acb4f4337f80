using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;

namespace Acolhimento.Validation.Cli;

/// <summary><c>policies list</c>, <c>policies explain ID</c> and <c>policies readme [--write]</c>: the rule catalogue from the command line.</summary>
public static class PolicyCommands
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("policies", "List and explain the policy rules.");
        command.Subcommands.Add(List(stdout));
        command.Subcommands.Add(Explain(stdout));
        command.Subcommands.Add(Readme(stdout));
        return command;
    }

    private static Command List(TextWriter stdout)
    {
        var command = new Command("list", "One rule per line: id, severity, smallest profile that runs it, title.");
        command.SetAction(async (_, _) =>
        {
            var rules = RuleDiscovery.Discover();
            var width = rules.Max(r => r.Metadata.Id.Length);
            foreach (var m in rules.Select(r => r.Metadata))
            {
                await stdout.WriteLineAsync($"{m.Id.PadRight(width)}  {m.Severity.ToString().ToLowerInvariant(),-7}  {m.ProfileText,-12}  {m.Title}");
            }
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Explain(TextWriter stdout)
    {
        var id = new Argument<string>("id") { Description = "Rule id, e.g. policy/image-tag-not-latest (the policy/ prefix may be omitted)." };
        var repo = SharedOptions.Repo();
        var command = new Command("explain", "All of a rule's metadata and the current values of the parameters it reads.") { id, repo };
        command.SetAction(async (result, _) =>
        {
            var wanted = result.GetValue(id)!;
            if (!wanted.StartsWith("policy/", StringComparison.Ordinal)) wanted = "policy/" + wanted;
            var stage = PolicyStage.Load(CommandLine.ResolveRepository(result.GetValue(repo)));
            var rule = stage.Rules.FirstOrDefault(r => r.Metadata.Id == wanted)
                ?? throw new CannotValidateException($"unknown rule {wanted}; `policies list` shows the rules");
            await stdout.WriteAsync(PolicyReadme.Explain(rule.Metadata, stage.Configuration, source: PolicyReadme.SourceFile(rule.GetType())));
            return CommandLine.Ok;
        });
        return command;
    }

    private static Command Readme(TextWriter stdout)
    {
        var write = new Option<bool>("--write") { Description = $"Write {PolicyReadme.FileName} instead of printing it." };
        var repo = SharedOptions.Repo();
        var command = new Command("readme", $"Generate {PolicyReadme.FileName} from the rules' metadata.") { write, repo };
        command.SetAction(async (result, _) =>
        {
            var root = CommandLine.ResolveRepository(result.GetValue(repo));
            var stage = PolicyStage.Load(root);
            var text = PolicyReadme.Generate(stage.Rules, stage.Configuration);
            await CommandLine.Write(result.GetValue(write) ? Path.Combine(root, PolicyReadme.FileName) : null, text, stdout);
            return CommandLine.Ok;
        });
        return command;
    }
}
