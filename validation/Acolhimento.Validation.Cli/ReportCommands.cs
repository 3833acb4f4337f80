using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// <c>report merge SHARD.json…</c>: the JSON reports of every shard of a <c>validate --shard K/N</c> matrix combined into
/// the report the unsharded run gives, written in any format (one SARIF run, one JUnit file, one summary, one comment).
/// </summary>
internal static class ReportCommands
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("report", "Work with reports the gate wrote.");
        command.Subcommands.Add(Merge(stdout));
        return command;
    }

    private static Command Merge(TextWriter stdout)
    {
        var files = new Argument<string[]>("shard-reports") { Description = "The JSON report of each shard (validate --shard K/N --format json=FILE), all N of them.", Arity = ArgumentArity.OneOrMore };
        var repo = SharedOptions.Repo("Repository root, for rule documentation and waiver reasons (default: the repository containing the current directory).");
        var outputs = new OutputOptions();
        var command = new Command("merge", "Combine the JSON reports of all shards into one report, in any format.") { files, repo };
        foreach (var option in outputs.All) command.Options.Add(option);
        command.SetAction(async (result, _) =>
        {
            var targets = outputs.Targets(result);
            var shards = new List<ValidationReport>();
            foreach (var file in result.GetValue(files) ?? [])
            {
                string text;
                try
                {
                    text = await File.ReadAllTextAsync(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CannotValidateException($"report merge: cannot read {file}: {ex.Message}");
                }
                shards.Add(JsonReportReader.Read(text, file));
            }
            var merged = ShardMerge.Merge(shards);
            var root = CommandLine.ResolveRepository(result.GetValue(repo));
            var context = ReportContext.ForRepository(root, Render.ClusterLayout.ClusterNames(root), shards[0].Shard!.Stages, outputs.FailOnValue(result), outputs.SourceLinkBase(result));
            await OutputOptions.WriteAll(targets, merged, context, stdout);
            return context.ExitCode(merged);
        });
        return command;
    }
}
