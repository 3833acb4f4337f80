using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// The command-line contract, a thin shell over the library. Exit codes: 0 no error finding, 1 at least one,
/// 2 the tool could not do its job (one-line reason on stderr).
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int FindingsFailed = 1;
    public const int CannotValidate = 2;

    /// <param name="settings">Caches and clock of the pipeline (tests fix the date); null = <see cref="PipelineSettings.Default"/>.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IProcessRunner? runner = null, PipelineSettings? settings = null)
    {
        runner ??= new ProcessRunner();
        // A real run shows its long steps on standard error; callers that pass settings (tests) choose their own.
        using var progress = settings is null ? ProgressPrinter.ForConsole(stderr) : null;
        settings ??= PipelineSettings.Default() with { Progress = progress };
        var root = new RootCommand("Validates the Central de Acolhimento GitOps repository as Argo CD would apply it.");
        root.Subcommands.Add(ValidateCommand(stdout, stderr, runner, settings));
        root.Subcommands.Add(RenderCommand.Create(stdout, stderr, runner, settings));
        root.Subcommands.Add(DiffCommand.Create(stdout, runner, settings));
        root.Subcommands.Add(RuleCommands.Create(stdout));
        root.Subcommands.Add(RuleCommands.Former(stdout, args));
        root.Subcommands.Add(SchemaCommands.Create(stdout));
        root.Subcommands.Add(ChartCommands.Create(stdout, runner, settings));
        root.Subcommands.Add(InitCommand.Create(stdout, runner));
        root.Subcommands.Add(OracleCommand.Create(stdout));
        root.Subcommands.Add(ReportCommands.Create(stdout));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"error: {OneLine(ParseProblem(root, args, parse))}");
            return CannotValidate;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr });
        }
        catch (Exception ex) when (ex is CannotValidateException || UnexpectedFailure.IsUnexpected(ex))
        {
            progress?.Dispose(); // a progress line on the terminal is cleared before the reason is written
            await stderr.WriteLineAsync($"error: {OneLine(Invocation.Translate(UnexpectedFailure.Reason(ex), Invocation.Current()))}");
            return CannotValidate;
        }
    }

    private static Command ValidateCommand(TextWriter stdout, TextWriter stderr, IProcessRunner runner, PipelineSettings settings)
    {
        var repo = SharedOptions.Repo();
        var cluster = SharedOptions.Clusters();
        var stage = SharedOptions.Stages($"Only these stages: {string.Join(", ", Stages.All)} (repeatable).", Stages.All);
        var outputs = new OutputOptions();
        var schemas = SharedOptions.Schemas();
        var wait = LiveCommands.WaitOption();
        var shard = SharedOptions.Shard();
        var command = new Command("validate", "Run the validation stages and report findings.") { repo, cluster, stage, schemas, wait, shard };
        foreach (var option in outputs.All) command.Options.Add(option);
        command.SetAction(async (result, cancellationToken) =>
        {
            var targets = outputs.Targets(result);
            var root = ResolveRepository(result.GetValue(repo));
            var request = new ValidationRequest(
                root,
                result.GetValue(cluster) ?? [],
                (result.GetValue(stage) ?? []).Distinct().ToList(),
                result.GetValue(schemas),
                result.GetValue(wait),
                result.GetValue(shard) is { } share ? Render.ClusterShard.Parse(share) : null) { ReportOnly = true };
            // The report context comes from what the run read (validation.yaml, the policy files: once, by the parse stage);
            // only a run that stopped before it read the repository leaves it to read them.
            ReportContext Context(RepositoryInput? input, Policy.PolicyStage? policy = null)
            {
                var configuration = input?.ConfigurationIfValid;
                var clusters = request.Clusters.Count > 0 ? request.Clusters
                    : input is null ? Render.ClusterLayout.ClusterNames(root) : Render.ClusterLayout.ClusterNames(root, configuration);
                return ReportContext.ForRepository(root, clusters, request.EffectiveStages, outputs.FailOnValue(result), outputs.SourceLinkBase(result),
                    configuration, policy, input?.Repository);
            }
            ValidationRun run;
            try
            {
                run = await new ValidationPipeline(runner, settings).ExecuteAsync(request, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is CannotValidateException || UnexpectedFailure.IsUnexpected(ex))
            {
                // The reports still say why nothing was judged (CI reads the JSON file), then exit 2 with the reason.
                await OutputOptions.WriteAll(targets, ValidationReport.CannotValidate(UnexpectedFailure.Reason(ex)), Context(null), stdout, filesOnly: true);
                throw;
            }
            var context = Context(run.Input, run.Policy);
            await OutputOptions.WriteAll(targets, run.Report, context, stdout);
            return context.ExitCode(run.Report);
        });
        return command;
    }

    internal static async Task Write(string? outputPath, string text, TextWriter stdout)
    {
        if (outputPath is null)
        {
            await stdout.WriteAsync(text);
            return;
        }
        try
        {
            await File.WriteAllTextAsync(outputPath, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CannotValidateException($"cannot write {outputPath}: {ex.Message}");
        }
    }

    /// <summary>The explicit folder, else the nearest folder upwards from the current one that holds <c>validation.yaml</c> or <c>.git</c>.</summary>
    internal static string ResolveRepository(string? explicitRoot)
    {
        if (explicitRoot is not null)
        {
            var full = Path.GetFullPath(explicitRoot);
            return Directory.Exists(full) ? full : throw new CannotValidateException($"repository folder {explicitRoot} does not exist");
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "validation.yaml")) || Directory.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
        }
        throw new CannotValidateException("no repository found from the current folder upwards; pass --repo");
    }

    /// <summary>
    /// The parse error a person can act on: a missing or mistyped command is named with the commands there are (and the
    /// one it resembles), not System.CommandLine's "Required command was not provided".
    /// </summary>
    private static string ParseProblem(RootCommand root, string[] args, ParseResult parse)
    {
        var commands = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var list = $"commands: {string.Join(", ", commands)} (--help for usage)";
        var first = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (first is null && !args.Any(a => a is "-h" or "--help" or "-?" or "--version")) return $"no command given; {list}";
        if (first is not null && !root.Subcommands.Any(c => c.Name == first) && Array.IndexOf(args, first) == 0)
            return $"unknown command \"{first}\"{(NearestName.Among(commands, first) is { } near ? $"; did you mean {near}?" : "")}; {list}";
        return parse.Errors[0].Message;
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
