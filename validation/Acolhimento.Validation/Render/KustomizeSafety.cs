using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Yaml;

namespace Acolhimento.Validation.Render;

/// <summary>
/// Walks a kustomization and everything it includes before Kustomize runs, because rendering happens on pull-request
/// content: remote bases, exec/KRM-function plugins, Helm inflation and paths leaving the repository are refused
/// here with the line that asked for them. Also yields the kustomization folders reached (for dead-configuration).
/// </summary>
public static class KustomizeSafety
{
    public sealed record ScanResult(IReadOnlyList<Finding> Findings, IReadOnlySet<string> ReachedFolders);

    public static ScanResult Scan(ParsedRepository repo, string kustomizationFolder)
    {
        var findings = new List<Finding>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(kustomizationFolder);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            if (!reached.Add(folder)) continue;
            var file = FindKustomization(repo, folder);
            if (file is null) continue;
            if (file.Problem is { } refused)
            {
                findings.Add(new Finding(Stages.Render, Severity.Error, RenderRules.InputRefused, RefusedInput.Reason(repo, file.Path, "kubectl")!, refused.Location ?? new SourceLocation(file.Path, 1, 1)));
                continue;
            }
            if (file.Mappings.FirstOrDefault() is not { } kustomization) continue;
            foreach (var (entry, reference, yaml) in FileReferences(kustomization))
            {
                if (IsRemote(reference) || RepositoryPaths.Combine(folder, reference) is not { } target) continue; // refused below
                if (RefusedInput.Reason(repo, target, "kubectl", yaml) is { } reason) findings.Add(At(file, entry, RenderRules.InputRefused, reason));
            }
            foreach (var key in new[] { "resources", "bases", "components" })
            {
                foreach (var entry in (kustomization.Sequence(key)?.Items ?? []).OfType<YamlScalar>())
                {
                    var reference = entry.Value;
                    if (IsRemote(reference))
                    {
                        findings.Add(At(file, entry, RenderRules.RemoteResource, $"remote {key} entry \"{reference}\" refused: rendering must not fetch from the network; vendor it into the repository"));
                        continue;
                    }
                    var target = RepositoryPaths.Combine(folder, reference);
                    if (target is null)
                    {
                        findings.Add(At(file, entry, RenderRules.OutsideRepository, $"{key} entry \"{reference}\" leaves the repository"));
                        continue;
                    }
                    if (FindKustomization(repo, target) is not null)
                    {
                        pending.Push(target);
                    }
                    else if (repo.Find(target) is null && !Directory.Exists(Path.Combine(repo.Root, target)) && !File.Exists(Path.Combine(repo.Root, target)))
                    {
                        findings.Add(At(file, entry, RenderRules.MissingResource, $"{key} entry \"{reference}\" does not exist ({target})"));
                    }
                }
            }
            foreach (var key in new[] { "helmCharts", "helmChartInflationGenerator", "helmGlobals" })
            {
                if (kustomization.KeyNode(key) is { } helmKey)
                    findings.Add(At(file, helmKey, RenderRules.HelmInKustomizeRefused, $"\"{key}\" runs Helm inside Kustomize and can pull charts from the network; use an Argo CD Helm source instead"));
            }
            foreach (var key in new[] { "generators", "transformers", "validators" })
            {
                foreach (var entry in kustomization.Sequence(key)?.Items ?? [])
                {
                    foreach (var problem in PluginProblems(repo, folder, entry)) findings.Add(At(file, entry, RenderRules.PluginRefused, problem));
                }
            }
        }
        return new ScanResult(findings, reached);
    }

    /// <summary>Every file a kustomization reads directly (resources that are not folders, patches, generator inputs, configuration).</summary>
    private static IEnumerable<(YamlNode Entry, string Path, bool Yaml)> FileReferences(YamlMapping kustomization)
    {
        foreach (var key in new[] { "resources", "bases", "components", "patchesStrategicMerge", "configurations", "crds", "generators", "transformers", "validators" })
        {
            foreach (var entry in (kustomization.Sequence(key)?.Items ?? []).OfType<YamlScalar>())
            {
                if (entry.Kind == ScalarKind.String && !entry.Value.Contains('\n')) yield return (entry, entry.Value, true);
            }
        }
        foreach (var key in new[] { "patches", "patchesJson6902", "replacements" })
        {
            foreach (var entry in (kustomization.Sequence(key)?.Items ?? []).OfType<YamlMapping>())
            {
                if (entry["path"] is YamlScalar path) yield return (path, path.Value, true);
            }
        }
        if (kustomization.Mapping("openapi")?["path"] is YamlScalar openapi) yield return (openapi, openapi.Value, true);
        foreach (var key in new[] { "configMapGenerator", "secretGenerator" })
        {
            foreach (var generator in (kustomization.Sequence(key)?.Items ?? []).OfType<YamlMapping>())
            {
                var inputs = (generator.Sequence("files")?.Items ?? []).Concat(generator.Sequence("envs")?.Items ?? []).OfType<YamlScalar>().ToList();
                if (generator["env"] is YamlScalar env) inputs.Add(env);
                foreach (var input in inputs)
                {
                    var equals = input.Value.IndexOf('=');
                    yield return (input, equals >= 0 ? input.Value[(equals + 1)..] : input.Value, false); // files: [key=path]
                }
            }
        }
    }

    public static ParsedFile? FindKustomization(ParsedRepository repo, string folder)
    {
        foreach (var name in RepositoryScanner.KustomizationFileNames)
        {
            if (repo.Read(folder.Length == 0 ? name : $"{folder}/{name}") is { } file) return file; // Read: kustomize reads one in an ignored folder too
        }
        return null;
    }

    public static bool IsRemote(string reference) =>
        reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("git@", StringComparison.Ordinal)
        || reference.StartsWith("github.com/", StringComparison.Ordinal) || reference.StartsWith("gitlab.com/", StringComparison.Ordinal)
        || reference.StartsWith("bitbucket.org/", StringComparison.Ordinal) || reference.Contains("?ref=", StringComparison.Ordinal)
        || reference.StartsWith("git::", StringComparison.Ordinal);

    /// <summary>A generator/transformer entry is acceptable only when it configures a built-in (no exec, no container, no external plugin).</summary>
    private static IEnumerable<string> PluginProblems(ParsedRepository repo, string folder, YamlNode entry)
    {
        IEnumerable<YamlMapping> configs;
        if (entry is YamlScalar { Kind: ScalarKind.String } s && !s.Value.Contains('\n'))
        {
            if (IsRemote(s.Value))
            {
                yield return $"remote plugin configuration \"{s.Value}\" refused";
                yield break;
            }
            var target = RepositoryPaths.Combine(folder, s.Value);
            if (target is not null && FindKustomization(repo, target) is not null) yield break; // a kustomization used as a transformer source
            var file = target is null ? null : repo.Find(target);
            if (file is null)
            {
                yield return $"plugin configuration \"{s.Value}\" not found in the repository";
                yield break;
            }
            configs = file.Mappings;
        }
        else if (entry is YamlScalar inline)
        {
            configs = YamlReader.Read(inline.Value).Documents.Select(d => d.Root).OfType<YamlMapping>();
        }
        else
        {
            configs = entry is YamlMapping m ? [m] : [];
        }
        foreach (var config in configs)
        {
            var annotations = config.Mapping("metadata")?.Mapping("annotations");
            if (annotations?["config.kubernetes.io/function"] is not null || annotations?["config.k8s.io/function"] is not null)
            {
                yield return $"KRM function plugin {config.String("kind")} refused: it would run a container or executable while rendering";
            }
            else if (config.String("apiVersion") is { } apiVersion && apiVersion != "builtin")
            {
                yield return $"plugin {apiVersion}/{config.String("kind")} refused: only Kustomize built-in generators and transformers may run on pull-request content";
            }
        }
    }

    private static Finding At(ParsedFile file, YamlNode node, string rule, string message) =>
        new(Stages.Render, Severity.Error, rule, message, new SourceLocation(file.Path, node.Start.Line, node.Start.Column));
}
