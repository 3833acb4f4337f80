using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Render.Charts;

namespace Acolhimento.Validation.Render.Remote;

/// <summary>
/// A kustomization that needs what lives outside the repository — remote bases, helmCharts not vendored — built as Argo
/// CD builds it, without the network: in a verbatim copy of the repository each pinned base is unpacked from the cache
/// (digest checked, untrusted-archive rules) into a folder the repository does not have (<see cref="FolderFor"/>) and
/// the entry naming it rewritten to that local folder, each chart is unpacked where Kustomize would have pulled it; the
/// copy is then scanned again (a base is untrusted input too, may name bases of its own, and may not leave its clone,
/// as Kustomize refuses) and built by <see cref="KustomizeRenderer"/>. What the cache lacks is one finding at the entry
/// naming it and saying that the build is not checked, never a fetch. Whatever comes from a base — findings, objects
/// and their fields — is located at the repository's entry that named the base, the line a person edits.
/// </summary>
internal static class KustomizeExternals
{
    /// <summary>Where unpacked bases sit in the copy, each under the first 16 hex digits of its archive's digest.</summary>
    private const string Folder = ".acolhimento-remote-bases";

    /// <summary>Bases of bases are followed this deep at most (each level is a clone in Kustomize too).</summary>
    private const int MaxDepth = 8;

    public static async Task<SourceOutput> RenderAsync(RenderContext context, ApplicationDefinition app, SourceDefinition source, string folder, string cluster, KustomizeSafety.ScanResult scan, CancellationToken ct)
    {
        var reached = new HashSet<string>(scan.ReachedFolders, StringComparer.Ordinal);
        SourceOutput Failed(IEnumerable<Finding> findings) => new([], findings.Select(f => f with { Cluster = cluster, Application = app.Name }).Distinct().ToList(), reached);
        using var workspace = RenderWorkspace.CopyOf(context.Repository);
        var bases = new Placement(FolderFor(context.Repository.Root));
        var current = scan;
        ParsedRepository? tree = null;
        for (var depth = 0; current.NeedsExternals; depth++)
        {
            if (depth == MaxDepth)
                return Failed(current.RemoteBases.Select(u => bases.Relocated(new Finding(Stages.Render, Severity.Error, RenderRules.RemoteResource,
                    $"remote base {u.Base.Describe()} is nested more than {MaxDepth} bases deep; not built", u.At))));
            var findings = new List<Finding>();
            foreach (var use in current.RemoteBases)
                if (PlaceBase(context, workspace, use, folder, bases) is { } problem) findings.Add(bases.Relocated(problem));
            foreach (var chart in current.HelmCharts)
                if (PlaceChart(context, workspace, chart, folder, bases.Folder) is { } problem) findings.Add(bases.Relocated(problem));
            if (findings.Count > 0) return Failed(findings);
            tree = ParseStage.Run(RepositoryScanner.Scan(workspace.Root)).Repository;
            current = KustomizeSafety.Scan(tree, folder, context.Configuration.KustomizeBuild.EnableHelm, bases.Confinement);
            if (current.Findings.Count > 0) return Failed(current.Findings.Select(bases.Relocated));
        }
        var output = await new KustomizeRenderer(context.Over(tree!)).RenderAsync(app, source, folder, cluster, ct, current);
        reached.UnionWith(output.ReachedFolders.Where(f => !bases.Holds(f)));
        return output with
        {
            Objects = output.Objects.Select(o => o with { Provenance = bases.Relocated(o.Provenance) }).ToList(),
            Findings = output.Findings.Select(bases.Relocated).ToList(),
            ReachedFolders = reached,
        };
    }

    /// <summary>
    /// The folder of the copy that receives unpacked bases: one the repository does not have, so that nothing a pull
    /// request commits can stand in for a base the cache holds.
    /// </summary>
    private static string FolderFor(string repositoryRoot)
    {
        for (var n = 0; ; n++)
        {
            var name = n == 0 ? Folder : $"{Folder}-{n}";
            var path = Path.Combine(repositoryRoot, name);
            if (!File.Exists(path) && !Directory.Exists(path) && new FileInfo(path).LinkTarget is null) return name;
        }
    }

    /// <summary>Unpacks the base (once per archive) and points the entry at it; a finding when it cannot.</summary>
    private static Finding? PlaceBase(RenderContext context, RenderWorkspace workspace, RemoteBaseUse use, string folder, Placement bases)
    {
        var located = context.Charts.Locate(use.Request);
        if (located.Content is not { } archive)
            return Error(RenderRules.RemoteBaseNotCached, use.At,
                $"not checked: remote base {use.Base.Describe()} is {located.Missing}; kustomize build of {folder} cannot run offline, so neither the base's objects nor the rest of this build are rendered or checked; run charts pull");
        var id = located.Sha256![..16];
        var root = $"{bases.Folder}/{id}";
        if (!Directory.Exists(workspace.PathOf(root)))
        {
            var scratch = workspace.PathOf($"{bases.Folder}/.unpack-{id}");
            var extracted = ArchiveExtraction.Extract(archive, scratch);
            var problem = extracted.Problem ?? (extracted.TopFolders is [var only] && Directory.Exists(Path.Combine(scratch, only))
                ? null : $"it holds {extracted.TopFolders.Count} top-level entries; a repository archive holds one folder");
            if (problem is not null)
            {
                Directory.Delete(scratch, recursive: true);
                return Error(RenderRules.ArchiveRefused, use.At, $"remote base {use.Base.Describe()} (sha256 {located.Sha256}) from the cache cannot be used: {problem}; the kustomization is not built");
            }
            Directory.Move(Path.Combine(scratch, extracted.TopFolders[0]), workspace.PathOf(root));
            Directory.Delete(scratch, recursive: true);
        }
        bases.Origins.TryAdd(root, (bases.Relocated(use.At), use.Base.Describe()));
        var baseFolder = use.Base.Path.Length == 0 ? root : $"{root}/{use.Base.Path}";
        bases.Placed.Add(baseFolder);
        if (!Directory.Exists(workspace.PathOf(baseFolder)))
            return Error(RenderRules.MissingResource, use.At, $"remote base {use.Base.Describe()}: its repository at {use.Base.Ref} has no folder {use.Base.Path}; Kustomize fails the build");
        var relative = Path.GetRelativePath(workspace.PathOf(RepositoryPaths.Folder(use.At.File)), workspace.PathOf(baseFolder)).Replace('\\', '/');
        return Rewrite(workspace.PathOf(use.At.File), use, relative)
            ? null
            : Error(RenderRules.InputRefused, use.At, $"the entry naming remote base {use.Base.Describe()} is not written on one line as plain text; write it as a plain or quoted scalar so that it can be pointed at the cached base");
    }

    /// <summary>The entry's text on its line replaced by the local folder (every other line of the kustomization kept as it is, so findings keep their lines).</summary>
    private static bool Rewrite(string file, RemoteBaseUse use, string relative)
    {
        var text = File.ReadAllText(file);
        var lines = text.Split('\n');
        if (use.At.Line < 1 || use.At.Line > lines.Length) return false;
        var line = lines[use.At.Line - 1];
        var at = line.IndexOf(use.Base.Entry, Math.Max(0, use.At.Column - 1), StringComparison.Ordinal);
        if (at < 0) return false;
        lines[use.At.Line - 1] = line[..at] + relative + line[(at + use.Base.Entry.Length)..];
        File.WriteAllText(file, string.Join('\n', lines));
        return true;
    }

    /// <summary>Unpacks a helmCharts chart from the cache where Kustomize would have pulled it.</summary>
    private static Finding? PlaceChart(RenderContext context, RenderWorkspace workspace, KustomizeHelmChart chart, string folder, string basesFolder)
    {
        var located = context.Charts.Locate(chart.Request);
        if (located.Content is not { } archive)
            return Error(RenderRules.KustomizeChartNotCached, chart.At,
                $"not checked: helmCharts entry {chart.Request.Describe()} is {located.Missing}; kustomize build of {folder} is not run, so neither the chart's objects nor the rest of this build are checked; run charts pull");
        if (Directory.Exists(workspace.PathOf(chart.Placement))) return null;
        var scratch = workspace.PathOf($"{basesFolder}/.unpack-chart-{located.Sha256![..16]}");
        var (top, problem) = ChartUnpacking.Unpack(archive, scratch, chart.Name);
        if (problem is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(workspace.PathOf(chart.Placement))!);
            Directory.Move(Path.Combine(scratch, top!), workspace.PathOf(chart.Placement));
        }
        Directory.Delete(scratch, recursive: true);
        return problem is null ? null
            : Error(RenderRules.ArchiveRefused, chart.At, $"helmCharts entry {chart.Request.Describe()} (sha256 {located.Sha256}) from the chart cache cannot be used: {problem}; the kustomization is not built");
    }

    private static Finding Error(string rule, SourceLocation at, string message) => new(Stages.Render, Severity.Error, rule, message, at);

    /// <summary>Where this build's bases were unpacked, and the repository entry each came from (one build's state, filled as bases are placed).</summary>
    private sealed class Placement(string folder)
    {
        public string Folder { get; } = folder;

        /// <summary>Each unpacked base's root (folder/id) and the repository entry that named it.</summary>
        public Dictionary<string, (SourceLocation At, string Name)> Origins { get; } = new(StringComparer.Ordinal);

        /// <summary>The folders entries were rewritten to: the one way out of a base's clone, as the entry naming another base.</summary>
        public HashSet<string> Placed { get; } = new(StringComparer.Ordinal);

        public bool Holds(string path) => path == Folder || path.StartsWith(Folder + "/", StringComparison.Ordinal);

        /// <summary>A path named inside a base's clone must stay in that clone (Kustomize: bases in cloned repositories must stay within them).</summary>
        public string? Confinement(string from, string target)
        {
            if (Root(from) is not { } root || target == root || target.StartsWith(root + "/", StringComparison.Ordinal) || Placed.Contains(target)) return null;
            return "leaves the remote base's repository; Kustomize refuses a path in a cloned base that reaches outside its clone, so the build fails";
        }

        /// <summary>A finding inside an unpacked base is reported at the repository's entry that named the base, saying where in the base it is.</summary>
        public Finding Relocated(Finding finding)
        {
            if (finding.Location is not { } location || Origin(location.File) is not { } origin) return finding;
            var inside = location.File[(origin.Root.Length + 1)..];
            return finding with { Location = origin.At, Message = $"in remote base {origin.Name} ({inside}:{location.Line}): {finding.Message}" };
        }

        public SourceLocation Relocated(SourceLocation location) => Origin(location.File) is { } origin ? origin.At : location;

        /// <summary>
        /// An object from a base: its origin and every field written in the base are located at the entry naming the base;
        /// what the repository's own kustomizations set (patches, overrides) keeps its line.
        /// </summary>
        public ObjectProvenance Relocated(ObjectProvenance provenance)
        {
            var overrides = provenance.Overrides.Where(f => !WrittenInBase(f)).Select(Relocated).ToList();
            var fromBase = Origin(provenance.Origin.File) is not null || (provenance.Source is { } source && Origin(source.File) is not null);
            return fromBase ? new ObjectProvenance(Relocated(provenance.Origin), null, overrides) : provenance with { Overrides = overrides };
        }

        /// <summary>A patch or template inside a base: its fields fall back to the object's origin, the entry naming the base.</summary>
        private bool WrittenInBase(FieldSource field) => field switch
        {
            PatchSource p => Origin(p.Patch.File) is not null,
            TemplateSource t => Origin(t.File) is not null,
            _ => false,
        };

        private FieldSource Relocated(FieldSource field) => field is FieldOverride o ? o with { Location = Relocated(o.Location) } : field;

        private string? Root(string path)
        {
            if (!Holds(path)) return null;
            var parts = path.Split('/');
            return parts.Length < 2 ? null : $"{parts[0]}/{parts[1]}";
        }

        private (string Root, SourceLocation At, string Name)? Origin(string file) =>
            Root(file) is { } root && Origins.TryGetValue(root, out var origin) ? (root, origin.At, origin.Name) : null;
    }
}
