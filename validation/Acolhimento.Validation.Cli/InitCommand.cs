using System.CommandLine;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;

namespace Acolhimento.Validation.Cli;

/// <summary><c>init</c>: writes a commented <c>validation.yaml</c> for a repository from its Argo CD entry points and git remotes.</summary>
public static class InitCommand
{
    public static Command Create(TextWriter stdout, IProcessRunner runner)
    {
        var repo = SharedOptions.Repo("Repository root (default: the current folder).");
        var print = new Option<bool>("--print") { Description = "Print the file instead of writing it." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing validation.yaml." };
        var command = new Command("init", "Find the repository's Argo CD entry points and write a commented validation.yaml for it.") { repo, print, force };
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = Path.GetFullPath(result.GetValue(repo) ?? Directory.GetCurrentDirectory());
            if (!Directory.Exists(root)) throw new CannotValidateException($"repository folder {root} does not exist");
            var target = Path.Combine(root, RepositoryConfiguration.FileName);
            if (!result.GetValue(print) && File.Exists(target) && !result.GetValue(force))
                throw new CannotValidateException($"{target} exists; pass --force to overwrite it or --print to see what init would write");
            var parsed = ParseStage.Run(RepositoryScanner.Scan(root)).Repository;
            var remotes = await RepositoryInitializer.GitRemotesAsync(runner, root, cancellationToken);
            var init = RepositoryInitializer.Generate(parsed, remotes, RepositoryInitializer.NewestKubernetesVersion());
            if (result.GetValue(print))
            {
                await stdout.WriteAsync(init.Text);
                return CommandLine.Ok;
            }
            await CommandLine.Write(target, init.Text, stdout);
            await stdout.WriteLineAsync($"wrote {target}");
            foreach (var entry in init.EntryPoints) await stdout.WriteLineAsync($"  entry point: {entry.Path}/{(entry.IsChart ? " (app-of-apps chart)" : "")}");
            foreach (var note in init.Notes) await stdout.WriteLineAsync($"  note: {note}");
            await stdout.WriteLineAsync($"next: set each cluster's kubernetesVersion, then run `{Invocation.Current()} validate --repo {root}`");
            return CommandLine.Ok;
        });
        return command;
    }
}
