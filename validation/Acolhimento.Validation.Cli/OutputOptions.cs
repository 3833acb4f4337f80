using System.CommandLine;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Reporting;

namespace Acolhimento.Validation.Cli;

/// <summary>Where one format is written: a file, or standard output when <see cref="File"/> is null.</summary>
internal sealed record OutputTarget(IOutputFormat Format, string? File);

/// <summary>
/// <c>--format NAME[=FILE]</c> (repeatable), <c>--output FILE</c>, <c>--output-dir DIR</c>, <c>--fail-on</c> and
/// <c>--source-url</c>: choosing output formats from the registry and where each goes.
/// </summary>
internal sealed class OutputOptions
{
    public Option<string[]> Format { get; } =
        SharedOptions.Format<string[]>($"Output format, repeatable: {string.Join(", ", OutputFormats.Names)}; NAME=FILE writes that format to FILE.", ["text"]);

    public Option<string?> Output { get; } = SharedOptions.Output("Write the (single) report to this file instead of standard output.");

    public Option<string?> OutputDirectory { get; } = SharedOptions.OutputDirectory(
        "Write each format without =FILE to its default file name in this folder (report.sarif, summary.md, …); github annotations stay on standard output, where the runner reads them.");

    public Option<string> FailOn { get; } = new("--fail-on") { Description = "Exit 1 on error findings (default) or on warnings too.", DefaultValueFactory = _ => "error" };

    public Option<string?> SourceUrl { get; } = new("--source-url")
    {
        Description = "Prefix for links to repository files in summaries (default on GitHub Actions: $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA/).",
    };

    public OutputOptions() => FailOn.AcceptOnlyFromAmong("error", "warning");

    public IEnumerable<Option> All => [Format, Output, OutputDirectory, FailOn, SourceUrl];

    public FailOn FailOnValue(ParseResult result) => result.GetValue(FailOn) == "warning" ? Reporting.FailOn.Warning : Reporting.FailOn.Error;

    public string? SourceLinkBase(ParseResult result)
    {
        if (result.GetValue(SourceUrl) is { } explicitUrl) return explicitUrl.EndsWith('/') ? explicitUrl : explicitUrl + "/";
        var server = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var sha = Environment.GetEnvironmentVariable("GITHUB_SHA");
        return server is { Length: > 0 } && repository is { Length: > 0 } && sha is { Length: > 0 } ? $"{server}/{repository}/blob/{sha}/" : null;
    }

    /// <summary>Resolves the formats and their destinations; bad combinations are exit 2 before anything runs.</summary>
    public IReadOnlyList<OutputTarget> Targets(ParseResult result, IReadOnlyList<string>? allowed = null)
    {
        var requested = result.GetValue(Format) is { Length: > 0 } f ? f : ["text"];
        var output = result.GetValue(Output);
        var directory = result.GetValue(OutputDirectory);
        var targets = new List<OutputTarget>();
        foreach (var entry in requested)
        {
            var split = entry.IndexOf('=');
            var name = split < 0 ? entry : entry[..split];
            var file = split < 0 ? null : entry[(split + 1)..];
            var format = OutputFormats.Find(name);
            if (format is null || (allowed is not null && !allowed.Contains(name)))
                throw new CannotValidateException($"unknown format \"{name}\"; choose from {string.Join(", ", allowed ?? OutputFormats.Names)}");
            if (file is { Length: 0 }) throw new CannotValidateException($"--format {name}= names no file");
            if (file is not null) RequireFolder($"--format {entry}", file);
            targets.Add(new OutputTarget(format, file ?? DefaultFile(format, directory)));
        }
        var unplaced = targets.Where(t => t.File is null).ToList();
        if (output is not null)
        {
            if (unplaced.Count != 1) throw new CannotValidateException("--output takes one format; with several use --output-dir or --format NAME=FILE");
            RequireFolder("--output", output);
            targets[targets.IndexOf(unplaced[0])] = unplaced[0] with { File = output };
        }
        else if (unplaced.Count > 1)
        {
            throw new CannotValidateException($"formats {string.Join(", ", unplaced.Select(t => t.Format.Name))} would all go to standard output; use --output-dir DIR or --format NAME=FILE");
        }
        var clash = targets.Where(t => t.File is not null).GroupBy(t => Path.GetFullPath(t.File!)).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null) throw new CannotValidateException($"two formats would be written to {clash.Key}");
        return targets;
    }

    /// <summary>
    /// A file named explicitly must go into a folder that exists: a typo in it is refused before anything runs, rather
    /// than a folder silently made somewhere unexpected (<c>--output-dir</c> is created, that is what it asks for).
    /// </summary>
    internal static void RequireFolder(string option, string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null && !Directory.Exists(folder)) throw new CannotValidateException($"{option}: folder {folder} does not exist; create it or use --output-dir");
    }

    /// <summary>The format's file under <c>--output-dir</c>; none for a format only standard output can deliver (GitHub annotations).</summary>
    internal static string? DefaultFile(IOutputFormat format, string? directory) =>
        directory is null || format.ReadFromStandardOutput ? null : Path.Combine(directory, format.DefaultFileName);

    /// <summary>Writes every target; with <paramref name="filesOnly"/> standard output is left alone (exit 2 says why on stderr).</summary>
    public static async Task WriteAll(IReadOnlyList<OutputTarget> targets, ValidationReport report, ReportContext context, TextWriter stdout, bool filesOnly = false)
    {
        foreach (var target in targets)
        {
            if (filesOnly && target.File is null) continue;
            if (target.File is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                try
                {
                    Directory.CreateDirectory(folder);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CannotValidateException($"cannot create {folder}: {ex.Message}");
                }
            }
            await CommandLine.Write(target.File, target.Format.Write(report, context), stdout);
        }
    }
}
