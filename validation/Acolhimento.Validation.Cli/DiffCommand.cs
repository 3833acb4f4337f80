using System.CommandLine;
using Acolhimento.Validation.Diff;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// <c>diff --base REF</c>: what the working tree changes in each cluster compared with REF, with the changed revision's
/// findings and the upgrade-safety findings; <c>--format text|json|markdown[=FILE]</c> for the diff (markdown: one file per
/// pull-request comment), <c>--report NAME[=FILE]</c> for the gate's formats over the same findings.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter stdout, IProcessRunner runner, PipelineSettings settings)
    {
        var repo = SharedOptions.Repo();
        var baseRef = new Option<string>("--base") { Description = "The revision to compare with (branch, tag or commit), e.g. origin/main.", Required = true };
        var cluster = SharedOptions.Clusters();
        var stage = SharedOptions.Stages("Stages run on the changed revision for its findings (default: every offline stage).", Stages.Offline);
        var schemas = SharedOptions.Schemas();
        var format = SharedOptions.Format<string[]>("Diff format, repeatable: text, json, markdown (pull-request comments); NAME=FILE writes to FILE.", ["text"]);
        var report = new Option<string[]>("--report") { Description = $"Also write the findings in a gate format, repeatable: {string.Join(", ", OutputFormats.Names)}; NAME=FILE writes to FILE." };
        var output = SharedOptions.Output("Write the (single) diff format to this file.");
        var outputDir = SharedOptions.OutputDirectory("Write each format without =FILE to its default name in this folder (diff.md, diff-2.md, …, report.sarif); github annotations stay on standard output, where the runner reads them.");
        var outputs = new OutputOptions();
        var shard = SharedOptions.Shard();
        var command = new Command("diff", "Show what the change does to each cluster, and whether it can be rolled out.")
        {
            repo, baseRef, cluster, stage, schemas, format, report, output, outputDir, outputs.FailOn, outputs.SourceUrl, shard,
        };
        command.SetAction(async (result, ct) =>
        {
            var directory = result.GetValue(outputDir);
            var diffTargets = Targets(result.GetValue(format) ?? ["text"], ChangeFormats.Find, f => directory is null ? null : Path.Combine(directory, f.DefaultFileName), ChangeFormats.All.Select(f => f.Name));
            var reportTargets = Targets(result.GetValue(report) ?? [], OutputFormats.Find, f => OutputOptions.DefaultFile(f, directory), OutputFormats.Names);
            if (result.GetValue(output) is { } single)
            {
                var unplaced = diffTargets.Where(t => t.File is null).ToList();
                if (unplaced.Count != 1) throw new CannotValidateException("--output takes one format; with several use --output-dir or NAME=FILE");
                OutputOptions.RequireFolder("--output", single);
                diffTargets[diffTargets.IndexOf(unplaced[0])] = unplaced[0] with { File = single };
            }
            if (diffTargets.Count(t => t.File is null) + reportTargets.Count(t => t.File is null) > 1)
                throw new CannotValidateException("several outputs would go to standard output; use --output-dir or NAME=FILE");

            var root = CommandLine.ResolveRepository(result.GetValue(repo));
            var request = new ChangeRequest(root, result.GetValue(baseRef)!, result.GetValue(cluster) ?? [], (result.GetValue(stage) ?? []).Distinct().ToList(), result.GetValue(schemas),
                result.GetValue(shard) is { } share ? Render.ClusterShard.Parse(share) : null);
            var analysis = new ChangeAnalysis(runner, settings, new BaseRevision(runner, BaseRevision.DefaultCacheFolder()));
            var stages = request.Stages.Count > 0 ? request.Stages : Stages.Offline;
            var gateTargets = reportTargets.Select(t => new OutputTarget(t.Format, t.File)).ToList();
            ChangeReport changes;
            try
            {
                changes = await analysis.RunAsync(request, ct);
            }
            catch (Exception ex) when (ex is CannotValidateException || UnexpectedFailure.IsUnexpected(ex))
            {
                // The gate's reports still say why nothing was judged (CI publishes them), then exit 2 with the reason.
                var failed = ReportContext.ForRepository(root, request.Clusters, stages, outputs.FailOnValue(result), outputs.SourceLinkBase(result));
                await OutputOptions.WriteAll(gateTargets, ValidationReport.CannotValidate(UnexpectedFailure.Reason(ex)), failed, stdout, filesOnly: true);
                throw;
            }
            var clusters = changes.Clusters.Select(c => c.Cluster).ToList();
            var context = ReportContext.ForRepository(root, clusters, stages, outputs.FailOnValue(result), outputs.SourceLinkBase(result), changes.Configuration);
            foreach (var (writer, file) in diffTargets)
            {
                var parts = writer.Write(changes);
                if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder) Directory.CreateDirectory(folder);
                for (var i = 0; i < parts.Count; i++) await CommandLine.Write(PartFile(file, i), parts[i], stdout);
            }
            await OutputOptions.WriteAll(gateTargets, changes.Validation, context, stdout);
            return context.ExitCode(changes.Validation);
        });
        return command;
    }

    private static List<(T Format, string? File)> Targets<T>(string[] entries, Func<string, T?> find, Func<T, string?> defaultFile, IEnumerable<string> names) where T : class
    {
        var targets = new List<(T, string?)>();
        foreach (var entry in entries)
        {
            var split = entry.IndexOf('=');
            var name = split < 0 ? entry : entry[..split];
            var file = split < 0 ? null : entry[(split + 1)..];
            var format = find(name) ?? throw new CannotValidateException($"unknown format \"{name}\"; choose from {string.Join(", ", names)}");
            if (file is { Length: 0 }) throw new CannotValidateException($"{name}= names no file");
            if (file is not null) OutputOptions.RequireFolder(entry, file);
            targets.Add((format, file ?? defaultFile(format)));
        }
        return targets;
    }

    /// <summary>Part 1 keeps the name; later parts (pull-request comments) get <c>-2</c>, <c>-3</c> … before the extension. Standard output gets them all.</summary>
    private static string? PartFile(string? file, int index)
    {
        if (file is null || index == 0) return file;
        var extension = Path.GetExtension(file);
        return Path.Combine(Path.GetDirectoryName(file) ?? "", $"{Path.GetFileNameWithoutExtension(file)}-{index + 1}{extension}");
    }
}
