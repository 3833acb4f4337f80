using System.Text.RegularExpressions;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Walks a kustomization and everything it reaches before Kustomize runs, because rendering happens on pull-request
/// content: every field through which Kustomize reads (<see cref="KustomizationFields"/>) of every kustomization reached
/// — through resources, components and plugin folders — and of every built-in plugin configuration, inline or in a
/// file. Remote references, exec/KRM-function plugins, Helm inflation, paths leaving the repository, files the parse
/// stage refused, inline YAML over the parse stage's limits, and folders holding links out or FIFOs are refused here
/// with the line that asked for them. Also yields the kustomization folders reached (for dead-configuration).
/// </summary>
internal static partial class KustomizeSafety
{
    /// <param name="ReachedFolders">Kustomization folders reached (Kustomize may open any file under each).</param>
    /// <param name="NamedPaths">Every path a reading field names, reached or not: what Kustomize says of a path outside a root depends on what is there.</param>
    public sealed record ScanResult(IReadOnlyList<Finding> Findings, IReadOnlySet<string> ReachedFolders, IReadOnlySet<string> NamedPaths)
    {
        /// <summary>What the build reads, for the render cache key (<see cref="RenderInputDigest"/>).</summary>
        public IEnumerable<string> Reads => ReachedFolders.Concat(NamedPaths);

        /// <summary>Remote bases (pinned) the build needs from the cache (<see cref="Remote.KustomizeExternals"/>).</summary>
        public IReadOnlyList<Remote.RemoteBaseUse> RemoteBases { get; init; } = [];

        /// <summary>helmCharts entries (with <c>--enable-helm</c>) whose charts come from the chart cache.</summary>
        public IReadOnlyList<Charts.KustomizeHelmChart> HelmCharts { get; init; } = [];

        public bool NeedsExternals => RemoteBases.Count > 0 || HelmCharts.Count > 0;
    }

    /// <param name="enableHelm">The repository builds with <c>--enable-helm</c> (<c>kustomizeBuildOptions</c>): helmCharts are read, not refused.</param>
    /// <param name="confinement">
    /// For a tree holding unpacked remote bases: why a kustomization in the first folder may not name the second path
    /// (null when it may). Kustomize refuses a path in a cloned base that leaves its clone, so the copy refuses it too.
    /// </param>
    public static ScanResult Scan(ParsedRepository repo, string kustomizationFolder, bool enableHelm = false, Func<string, string, string?>? confinement = null)
    {
        var scan = new Walk(repo, enableHelm, confinement);
        scan.ToVisit.Push(kustomizationFolder);
        while (scan.ToVisit.Count > 0)
        {
            var folder = scan.ToVisit.Pop();
            if (!scan.Reached.Add(folder)) continue;
            var file = FindKustomization(repo, folder);
            if (file is null) continue;
            if (file.Problem is { } refused)
            {
                scan.Findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused, RefusedInput.Reason(repo, file.Path, "kubectl")!, refused.Location ?? new SourceLocation(file.Path, 1, 1)));
                continue;
            }
            // Kustomize may open any file under a kustomization's root: none may be a link out, a loop or a FIFO.
            foreach (var (path, reason) in RefusedInput.Unopenable(repo, folder, "kubectl", oversized: false))
                scan.Findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused, reason, new SourceLocation(path, 1, 1)));
            foreach (var kustomization in file.Mappings.Take(1))
                scan.Fields(Origin.Of(file), folder, kustomization, KustomizationFields.OfKustomization);
        }
        return new ScanResult(scan.Findings.Distinct().ToList(), scan.Reached, scan.Named) // a miscased key is met once per field under it
        {
            RemoteBases = scan.RemoteBases.Distinct().ToList(),
            HelmCharts = scan.HelmCharts.Distinct().ToList(),
        };
    }

    public static ParsedFile? FindKustomization(ParsedRepository repo, string folder)
    {
        foreach (var name in RepositoryScanner.KustomizationFileNames)
        {
            if (repo.Read(folder.Length == 0 ? name : $"{folder}/{name}") is { } file) return file; // Read: kustomize reads one in an ignored folder too
        }
        return null;
    }

    /// <summary>
    /// True for anything Kustomize would fetch rather than open: a URL of any scheme (its file loader GETs http(s), its
    /// repository loader clones git, ssh and file URLs), scp-like git addresses, and the host-first and query forms its
    /// repository specs accept.
    /// </summary>
    public static bool IsRemote(string reference) =>
        UrlScheme().IsMatch(reference) || reference.StartsWith("git@", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("gh:", StringComparison.OrdinalIgnoreCase)
        || reference.StartsWith("github.com/", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("gitlab.com/", StringComparison.OrdinalIgnoreCase)
        || reference.StartsWith("bitbucket.org/", StringComparison.OrdinalIgnoreCase) || reference.Contains("?ref=", StringComparison.OrdinalIgnoreCase)
        || reference.Contains("?version=", StringComparison.OrdinalIgnoreCase) || reference.Contains("_git/", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:(//|:)")]
    private static partial Regex UrlScheme();

    /// <summary>
    /// Where a node read from <paramref name="File"/> lies in it: its own position, or — for a node of YAML read from a
    /// string of the file — the line inside a literal block scalar (which keeps its lines), else the string's start.
    /// </summary>
    private sealed record Origin(ParsedFile File, Func<YamlNode, (int Line, int Column)> Map)
    {
        public static Origin Of(ParsedFile file) => new(file, node => (node.Start.Line, node.Start.Column));

        /// <summary>The origin of nodes read from the text of <paramref name="holder"/>, a scalar under this origin.</summary>
        public Origin Inside(YamlScalar holder)
        {
            var (line, column) = Map(holder);
            return new Origin(File, node => InlineYaml.Locate(holder, line, column, node.Start.Line, node.Start.Column));
        }

        public Finding At(YamlNode node, string rule, string message) => new(Stages.Render, Severity.Error, rule, message, Locate(node));

        public SourceLocation Locate(YamlNode node)
        {
            var (line, column) = Map(node);
            return new SourceLocation(File.Path, line, column);
        }
    }

    /// <summary>One scan's state: findings, folders reached, kustomization folders still to visit.</summary>
    private sealed class Walk(ParsedRepository repo, bool enableHelm, Func<string, string, string?>? confinement)
    {
        public List<Remote.RemoteBaseUse> RemoteBases { get; } = [];

        public List<Charts.KustomizeHelmChart> HelmCharts { get; } = [];

        public List<Finding> Findings { get; } = [];

        public HashSet<string> Reached { get; } = new(StringComparer.Ordinal);

        public Stack<string> ToVisit { get; } = new();

        public HashSet<string> Named { get; } = new(StringComparer.Ordinal);

        /// <summary>Checks every reading field of <paramref name="root"/>, a kustomization or plugin configuration read from <paramref name="origin"/>.</summary>
        public void Fields(Origin origin, string folder, YamlMapping root, IEnumerable<KustomizationField> fields)
        {
            var helmRead = enableHelm && fields == KustomizationFields.OfKustomization;
            if (helmRead)
            {
                var helm = Charts.KustomizeHelmCharts.Read(repo, folder, root, origin.Locate);
                Findings.AddRange(helm.Findings);
                HelmCharts.AddRange(helm.FromCache);
                Named.UnionWith(helm.Reads);
            }
            foreach (var field in fields)
            {
                var names = field.Keys.Where(k => k is not ("" or "[]")).ToList();
                foreach (var (value, written) in KustomizationFields.Values(root, field))
                {
                    for (var i = 0; i < written.Count; i++)
                    {
                        if (written[i].Value == names[i]) continue;
                        Findings.Add(origin.At(written[i], RenderRules.InputRefused,
                            $"key \"{written[i].Value}\" is read by Kustomize as \"{names[i]}\" (its decoding ignores case); write it as Kustomize documents it, so that this gate and Kustomize read the same field"));
                    }
                    if (helmRead && field.Path is "helmCharts" or "helmGlobals") continue; // read above
                    Value(origin, folder, field, value, written.Count > 0 ? written[^1] : root["kind"] ?? root);
                }
            }
        }

        private void Value(Origin origin, string folder, KustomizationField field, YamlNode value, YamlNode key)
        {
            var name = field.Path.Replace(".[]", "[]", StringComparison.Ordinal);
            if (field.Use == FieldUse.Helm)
            {
                Findings.Add(origin.At(key, RenderRules.HelmInKustomizeRefused, enableHelm || name is not ("helmCharts" or "helmGlobals")
                    ? $"\"{(name.Length == 0 ? "HelmChartInflationGenerator" : name)}\" inflates Helm charts in a form this gate does not run; not checked: write the charts under helmCharts (rendered from the chart cache with kustomizeBuildOptions: --enable-helm)"
                    : $"not checked: \"{name}\" inflates Helm charts inside Kustomize, and Argo CD fails this build unless its kustomize.buildOptions include --enable-helm; "
                      + "if yours do, declare kustomizeBuildOptions: --enable-helm in validation.yaml and the charts render from the chart cache"));
                return;
            }
            if (value is not YamlScalar { IsNull: false } scalar)
            {
                if (field.Use == FieldUse.Plugin && value is YamlMapping inline) Plugin(origin, value, origin, folder, inline);
                return;
            }
            var text = scalar.Value;
            if (field.Use is FieldUse.InlineYaml || (field.Use is FieldUse.YamlFileOrInline or FieldUse.Plugin && text.Contains('\n')))
            {
                var inside = origin.Inside(scalar);
                var read = InlineYaml.Read(scalar.Value, $"{name} (inline) in {origin.File.Path}");
                if (read.Problem is { } problem) Findings.Add(inside.At(problem.At, RenderRules.InputRefused, problem.Message));
                else if (field.Use == FieldUse.Plugin) foreach (var config in read.Documents) Plugin(origin, scalar, inside, folder, config);
                return;
            }
            if (field.Use == FieldUse.DataFile && text.IndexOf('=') is var equals and >= 0) text = text[(equals + 1)..]; // files: [key=path]
            if (IsRemote(text) && field.Use == FieldUse.Reference && Remote.RemoteBaseUse.Judge(text, origin.Locate(scalar)) is { } remote)
            {
                if (remote.Finding is { } problem) Findings.Add(problem);
                else RemoteBases.Add(remote.Use!);
                return;
            }
            if (IsRemote(text))
            {
                Findings.Add(origin.At(scalar, RenderRules.RemoteResource, $"not checked: remote {name} entry \"{text}\" is fetched by Kustomize over the network, which rendering never does, so neither what it holds nor the rest of the kustomization in {(folder.Length == 0 ? "." : folder)}/ is rendered or checked; vendor it into the repository (a Git repository can be named as a pinned remote base, rendered from the cache after charts pull)"));
                return;
            }
            if (Path.IsPathRooted(text) || RepositoryPaths.Combine(folder, text) is not { } target)
            {
                Findings.Add(origin.At(scalar, RenderRules.OutsideRepository, $"{name} entry \"{text}\" leaves the repository"));
                return;
            }
            if (confinement?.Invoke(folder, target) is { } confined)
            {
                Findings.Add(origin.At(scalar, RenderRules.OutsideRepository, $"{name} entry \"{text}\" {confined}"));
                return;
            }
            Named.Add(target);
            if (field.Use is FieldUse.Reference or FieldUse.Plugin && FindKustomization(repo, target) is not null)
            {
                ToVisit.Push(target); // a kustomization: checked in turn (as a plugin source, its output are plugin configurations)
                if (field.Use == FieldUse.Plugin) PluginFolder(origin, scalar, folder, target);
                return;
            }
            if (RefusedInput.Reason(repo, target, "kubectl", yaml: field.Use != FieldUse.DataFile) is { } reason)
            {
                Findings.Add(origin.At(scalar, RenderRules.InputRefused, reason));
                return;
            }
            if (repo.Resolve(target).TargetType == EntryType.Missing)
            {
                if (field.Use is FieldUse.Reference or FieldUse.Plugin)
                    Findings.Add(origin.At(scalar, field.Use == FieldUse.Plugin ? RenderRules.PluginRefused : RenderRules.MissingResource,
                        field.Use == FieldUse.Plugin ? $"plugin configuration \"{text}\" not found in the repository" : $"{name} entry \"{text}\" does not exist ({target})"));
                return;
            }
            if (field.Use == FieldUse.Plugin && repo.Find(target) is { } configFile)
            {
                foreach (var config in configFile.Mappings) Plugin(origin, scalar, Origin.Of(configFile), folder, config);
            }
        }

        /// <summary>A kustomization used as a source of plugin configurations: every object under it is judged as one.</summary>
        private void PluginFolder(Origin entryOrigin, YamlNode entry, string folder, string target)
        {
            var prefix = target.Length == 0 ? "" : target + "/";
            foreach (var source in repo.Files.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal) && f.File.Kind != FileKind.Kustomization))
            {
                foreach (var config in source.Mappings.Where(m => m["kind"] is not null)) Plugin(entryOrigin, entry, Origin.Of(source), folder, config);
            }
        }

        /// <summary>
        /// A generator/transformer/validator configuration read from <paramref name="origin"/> and named by <paramref name="entry"/>
        /// (under <paramref name="entryOrigin"/>): a built-in (no exec, no container, no external plugin) whose own reading fields are checked.
        /// </summary>
        private void Plugin(Origin entryOrigin, YamlNode entry, Origin origin, string folder, YamlMapping config)
        {
            var annotations = config.Mapping("metadata")?.Mapping("annotations");
            var kind = config.String("kind");
            if (annotations?["config.kubernetes.io/function"] is not null || annotations?["config.k8s.io/function"] is not null)
                Findings.Add(entryOrigin.At(entry, RenderRules.PluginRefused, $"KRM function plugin {kind} refused: it would run a container or executable while rendering"));
            else if (config.String("apiVersion") is { } apiVersion && apiVersion != "builtin")
                Findings.Add(entryOrigin.At(entry, RenderRules.PluginRefused, $"plugin {apiVersion}/{kind} refused: only Kustomize built-in generators and transformers may run on pull-request content"));
            else if (kind is not null && KustomizationFields.OfBuiltin.TryGetValue(kind, out var fields))
                Fields(origin, folder, config, fields);
        }
    }
}
