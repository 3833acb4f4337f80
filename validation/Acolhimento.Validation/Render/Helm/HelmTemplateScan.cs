using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Render.Helm;

/// <summary>
/// What in a Helm source makes its render depend on more than its inputs, read before Helm runs: calls of
/// <see cref="TemplateScan.Functions"/> and reads of <c>.Capabilities.KubeVersion</c> in the chart's files (subcharts
/// included), in the value files and inline values (which <c>tpl</c> may evaluate) and in the release name (Argo CD
/// passes it as <c>--name-template</c>, which Helm evaluates). A chart archive (<c>charts/*.tgz</c>) cannot be read
/// here, so it counts as doing both.
/// </summary>
internal sealed record HelmTemplateScan(IReadOnlyList<TemplateCall> Calls, IReadOnlyList<SourceLocation> KubeVersionReads, IReadOnlyList<string> Archives)
{
    /// <summary>Files Helm never renders into manifests (documentation; NOTES.txt is not part of <c>helm template</c>'s output).</summary>
    private static readonly string[] NotRendered = ["README", "README.md", "LICENSE", "NOTES.txt", ".helmignore"];

    private const long MaxScannedBytes = 4 * 1024 * 1024;

    /// <summary>Random calls make a second render worth comparing; an archive may hide some.</summary>
    public bool NeedsSecondRender => Calls.Any(c => c.Kind == CallKind.Random) || Archives.Count > 0;

    public bool ReadsKubeVersion => KubeVersionReads.Count > 0 || Archives.Count > 0;

    /// <param name="files">Scans of repository files already made in this run (a fleet's clusters share charts and value files); null: none kept.</param>
    public static HelmTemplateScan Of(string repositoryRoot, string chartFolder, IEnumerable<string> valueFiles, IEnumerable<(SourceLocation At, string Text)> inline, TemplateFileScans? files = null)
    {
        var calls = new List<TemplateCall>();
        var reads = new List<SourceLocation>();
        var archives = new List<string>();
        var chart = Path.Combine(repositoryRoot, chartFolder);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Device, IgnoreInaccessible = true };
        var chartFiles = Directory.Exists(chart)
            ? Directory.EnumerateFiles(chart, "*", options).Select(f => RepositoryPaths.Relative(repositoryRoot, f)).Order(StringComparer.Ordinal).ToList()
            : [];
        foreach (var file in chartFiles.Concat(valueFiles.Where(v => !chartFiles.Contains(v, StringComparer.Ordinal))))
        {
            var name = RepositoryPaths.FileName(file);
            if (NotRendered.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            if (name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase))
            {
                archives.Add(file);
                continue;
            }
            var scanned = files?.Of(file, () => ScanFile(repositoryRoot, file)) ?? ScanFile(repositoryRoot, file);
            calls.AddRange(scanned.Calls);
            reads.AddRange(scanned.KubeVersionReads);
        }
        foreach (var (at, text) in inline) Scan(at.File, text, at.Line, calls, reads);
        return new HelmTemplateScan(calls, reads, archives);
    }

    private static TemplateFileScan ScanFile(string repositoryRoot, string file)
    {
        var (calls, reads) = (new List<TemplateCall>(), new List<SourceLocation>());
        var info = new FileInfo(Path.Combine(repositoryRoot, file));
        if (!info.Exists || info.Length > MaxScannedBytes) return new(calls, reads); // over the limit: refused before Helm runs (RefusedInput)
        var text = File.ReadAllText(info.FullName);
        if (!text.Contains('\0')) Scan(file, text, 1, calls, reads);
        return new(calls, reads);
    }

    private static void Scan(string file, string text, int firstLine, List<TemplateCall> calls, List<SourceLocation> reads)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return;
        calls.AddRange(TemplateScan.Calls(file, text, firstLine));
        reads.AddRange(TemplateScan.KubeVersionReads(file, text).Select(r => r with { Line = firstLine + r.Line - 1 }));
    }

    /// <summary>Calls that reach the network: Helm is not run for a source that has one.</summary>
    public IReadOnlyList<Finding> Refused(ApplicationDefinition app, string cluster) =>
        Calls.Where(c => c.Kind == CallKind.Network)
            .Select(c => new Finding(Stages.Render, Severity.Error, RenderRules.HelmNetworkRefused,
                $"Application {app.Name}: the template calls {c.Function}, which looks a name up in DNS while Helm renders: rendering must not reach the network, and the answer differs between hosts and runs; Helm is not run for this source",
                c.At, cluster, app.Name))
            .ToList();
}

/// <summary>What <see cref="TemplateScan"/> found in one repository file.</summary>
internal sealed record TemplateFileScan(IReadOnlyList<TemplateCall> Calls, IReadOnlyList<SourceLocation> KubeVersionReads);

/// <summary>
/// Each repository file's template scan, made once per run: the repository does not change under a run, and the
/// clusters of a fleet render the same charts with the same value files. A new run starts with none.
/// </summary>
internal sealed class TemplateFileScans
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TemplateFileScan> _files = new(StringComparer.Ordinal);

    public TemplateFileScan Of(string file, Func<TemplateFileScan> scan) => _files.GetOrAdd(file, _ => scan());
}
