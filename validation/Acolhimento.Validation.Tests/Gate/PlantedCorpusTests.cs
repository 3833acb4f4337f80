using System.Text.RegularExpressions;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// The speed work must not change what the gate finds: a benchmark-style corpus (this repository's base objects
/// replicated to 1,000, in files of 100, under a plain-directory Application, as <c>make-corpus.py</c> lays it out)
/// is clean, and a copy with ten planted defects reports exactly those ten, each at the line it was planted on.
/// </summary>
[Trait("Category", "Gate")]
public sealed class PlantedCorpusTests
{
    private const int Objects = 1000;
    private const int PerFile = 100;

    /// <summary>One defect: in corpus file <paramref name="File"/>, the <paramref name="Occurrence"/>-th line matching <paramref name="Line"/> gets <paramref name="Replacement"/> (a regex substitution).</summary>
    internal sealed record Plant(int File, string Line, int Occurrence, string Replacement, string Rule);

    internal static readonly Plant[] Plants =
    [
        new(0, @"^(\s+)(- )?minReplicas: \d+$", 0, "$1$2minReplicas: two", SchemaRules.TypeMismatch),
        new(1, @"^(\s+)(- )?protocol: TCP$", 0, "$1$2protocols: TCP", SchemaRules.UnknownField),
        new(2, @"^(\s+)(- )?protocol: TCP$", 2, "$1$2protocol: TCPX", SchemaRules.Enum),
        new(3, @"^(\s+)(- )?memory: (\d+)([MG])i$", 0, "$1$2memory: $3$4B", SchemaRules.Quantity),
        new(4, @"^apiVersion: apps/v1$", 1, "apiVersion: apps/v1beta2", SchemaRules.RemovedApi),
        new(5, @"^apiVersion: v1$", 0, "apiVersion: v2", SchemaRules.UnknownKind),
        new(6, @"^(\s+)(- )?type: ClusterIP$", 0, "$1$2type: ClusterIPs", SchemaRules.Enum),
        new(7, @"^(\s+)(- )?restartPolicy: Never$", 0, "$1$2restartPolicy: Sometimes", SchemaRules.Enum),
        new(8, @"^(\s+)(- )?containerPort: (\d+)$", 0, "$1$2containerPort: 70000", SchemaRules.PortRange),
        new(9, @"^(\s+)(- )?cpu: (\d+)m$", 1, "$1$2cpu: lots", SchemaRules.Quantity),
    ];

    [Fact]
    public async Task A_corpus_with_ten_planted_defects_reports_exactly_those_defects_at_their_lines()
    {
        var schemas = SchemaDataSkip.RequireDirectory();
        using var corpus = WriteCorpus();
        using var cache = new TempRepository();

        var clean = await RunSchemaStage(corpus.Root, cache.Root);
        clean.Where(f => f.Severity != Severity.Info).ShouldBeEmpty(clean.Describe());

        var planted = Plants.Select(p => (p.Rule, Location: PlantIn(corpus.Root, p))).ToList();
        var findings = (await RunSchemaStage(corpus.Root, cache.Root)).Where(f => f.Severity != Severity.Info).ToList();

        var found = findings.Select(f => $"{f.Location?.File}:{f.Location?.Line}: {f.Rule}").Order(StringComparer.Ordinal).ToList();
        var expected = planted.Select(p => $"{p.Location}: {p.Rule}").Order(StringComparer.Ordinal).ToList();
        found.ShouldBe(expected, findings.Describe());
    }

    private static async Task<IReadOnlyList<Finding>> RunSchemaStage(string root, string cacheRoot)
    {
        var settings = TestPipeline.Settings(Path.Combine(cacheRoot, "render"), tools: new Validation.Tools.ToolCache(Path.Combine(cacheRoot, "tools")));
        var report = await new ValidationPipeline(new ProcessRunner(), settings)
            .RunAsync(new ValidationRequest(root, [], [Stages.Schema]));
        return report.Findings;
    }

    /// <summary>Applies one plant and returns where it is (<c>corpus/part-NNN.yaml:LINE</c>).</summary>
    internal static string PlantIn(string root, Plant plant)
    {
        var relative = $"corpus/part-{plant.File:D3}.yaml";
        var path = Path.Combine(root, relative);
        var lines = File.ReadAllLines(path);
        var pattern = new Regex(plant.Line);
        var index = lines.Select((text, i) => (text, i)).Where(l => pattern.IsMatch(l.text)).Select(l => l.i).Append(-1).ElementAt(Math.Min(plant.Occurrence, lines.Count(pattern.IsMatch)));
        index.ShouldBeGreaterThanOrEqualTo(0, $"{relative} has no line {plant.Occurrence} matching {plant.Line}: the corpus changed, choose another line");
        lines[index] = pattern.Replace(lines[index], plant.Replacement);
        File.WriteAllLines(path, lines);
        return $"{relative}:{index + 1}";
    }

    /// <summary>This repository's base objects (<c>apps/</c>), renamed per copy, in files of 100 under a one-cluster repository.</summary>
    internal static TempRepository WriteCorpus()
    {
        var root = RepositoryLocator.Root;
        var sources = Directory.EnumerateFiles(Path.Combine(root, "apps"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(f => YamlReader.Read(File.ReadAllText(f)).Documents)
            .Select(d => d.Root)
            .OfType<YamlMapping>()
            .Where(o => o.String("kind") is not (null or "Namespace") && !(o.String("apiVersion") ?? "").StartsWith("argoproj.io/", StringComparison.Ordinal))
            .ToList();
        sources.Count.ShouldBeGreaterThan(10);

        var corpus = new TempRepository();
        var configuration = Regex.Replace(File.ReadAllText(Path.Combine(root, "validation.yaml")),
            @"(\n  clusters:\n)(?:    - name: .*\n      kubernetesVersion: .*\n)+", "$1    - name: bench\n      kubernetesVersion: \"1.35\"\n");
        var repositoryUrl = Regex.Match(configuration, @"repositoryUrls:\n\s+- (\S+)").Groups[1].Value;
        corpus.Write("validation.yaml", configuration);
        corpus.Write("clusters/bench/root-application.yaml", $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: corpus
              namespace: argocd
            spec:
              project: default
              source:
                repoURL: {repositoryUrl}
                targetRevision: main
                path: corpus
              destination:
                server: https://kubernetes.default.svc
                namespace: bench

            """);
        for (var file = 0; file * PerFile < Objects; file++)
        {
            var documents = Enumerable.Range(file * PerFile, Math.Min(PerFile, Objects - file * PerFile))
                .Select(n => Renamed(sources[n % sources.Count], n));
            corpus.Write($"corpus/part-{file:D3}.yaml", YamlWriter.Write(documents));
        }
        return corpus;
    }

    private static YamlNode Renamed(YamlMapping body, int copy)
    {
        var metadata = body.Mapping("metadata")!;
        var name = $"{metadata.String("name")}-{copy}";
        return body.With("metadata", metadata.With("name", YamlNodes.Scalar(name[..Math.Min(name.Length, 60)])));
    }
}
