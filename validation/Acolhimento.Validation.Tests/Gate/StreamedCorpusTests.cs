using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Reporting;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// A run that releases plain object files' trees after parsing them and reads them again for the schema stage
/// (<see cref="ValidationRequest.ReportOnly"/>) reports exactly what a run that keeps every tree reports: the planted
/// corpus of <see cref="PlantedCorpusTests"/> plus what crosses objects and files — a duplicate across files, objects
/// that take the destination namespace, a CRD and its custom resources, objects named only by generateName, empty
/// documents, an Application inside the source that renders another folder, a Flux object.
/// </summary>
[Trait("Category", "Gate")]
public sealed class StreamedCorpusTests
{
    [Fact]
    public async Task A_run_that_releases_trees_reports_the_same_findings_as_one_that_keeps_them()
    {
        SchemaDataSkip.RequireDirectory();
        using var corpus = PlantedCorpusTests.WriteCorpus();
        using var cache = new TempRepository();
        foreach (var plant in PlantedCorpusTests.Plants) PlantedCorpusTests.PlantIn(corpus.Root, plant);
        AddCrossObjectCases(corpus);

        var kept = await Run(corpus.Root, cache.Root, reportOnly: false);
        var streamed = await Run(corpus.Root, cache.Root, reportOnly: true);

        kept.Released.ShouldBe(0);
        streamed.Released.ShouldBeGreaterThan(10, "the streamed run released no file: it tested nothing");
        streamed.Report.Findings.ShouldBe(kept.Report.Findings, streamed.Report.Findings.Describe());
        streamed.Report.Summary.Objects.ShouldBe(kept.Report.Summary.Objects);
        streamed.Report.Summary.Documents.ShouldBe(kept.Report.Summary.Documents);
        // The planted defects and the cross-object cases are found (not two equally blind runs).
        var rules = streamed.Report.Findings.Select(f => f.Rule).ToHashSet();
        foreach (var plant in PlantedCorpusTests.Plants) rules.ShouldContain(plant.Rule);
        rules.ShouldContain(Validation.Render.RenderRules.Duplicate);
        var found = streamed.Report.Findings.Select(f => $"{f.Location?.File} {f.Rule} {f.Object?.Namespace}").ToList();
        found.ShouldContain($"corpus/widgets.yaml {Validation.Schema.SchemaRules.UnknownField} bench", streamed.Report.Findings.Describe());
        found.ShouldContain($"corpus/generated.yaml {Validation.Schema.SchemaRules.TypeMismatch} bench", streamed.Report.Findings.Describe());
        found.ShouldContain($"more/config.yaml {Validation.Schema.SchemaRules.TypeMismatch} more", streamed.Report.Findings.Describe());
    }

    [Fact]
    public async Task A_request_with_the_policy_stage_keeps_every_tree()
    {
        SchemaDataSkip.RequireDirectory();
        using var corpus = PlantedCorpusTests.WriteCorpus();
        using var cache = new TempRepository();
        var request = new ValidationRequest(corpus.Root, [], [Stages.Schema, Stages.Policy]) { ReportOnly = true };
        request.ReleasesObjectTrees.ShouldBeFalse();
        (request with { Stages = [Stages.Schema] }).ReleasesObjectTrees.ShouldBeTrue();
        (request with { Stages = [] }).ReleasesObjectTrees.ShouldBeFalse(); // every offline stage: policy reads bodies
        (request with { Stages = [Stages.Schema], ReportOnly = false }).ReleasesObjectTrees.ShouldBeFalse();
        var run = await Pipeline(cache.Root).ExecuteAsync(request, cancellationToken: TestContext.Current.CancellationToken);
        run.Input.Repository.Files.ShouldAllBe(f => f.Released == null);
    }

    [Fact]
    public async Task A_corpus_file_changed_between_parse_and_schema_stops_the_run_with_its_name()
    {
        SchemaDataSkip.RequireDirectory();
        using var corpus = PlantedCorpusTests.WriteCorpus();
        using var cache = new TempRepository();
        var request = new ValidationRequest(corpus.Root, [], [Stages.Schema]) { ReportOnly = true };
        var input = RepositoryInput.Read(corpus.Root, new Validation.Parsing.ParseOptions(ReleaseObjectTrees: true));
        File.AppendAllText(Path.Combine(corpus.Root, "corpus/part-003.yaml"), "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: late}\n");

        var refused = await Should.ThrowAsync<CannotValidateException>(() => Pipeline(cache.Root).ExecuteAsync(request, input, TestContext.Current.CancellationToken));

        refused.Message.ShouldContain("corpus/part-003.yaml changed while the gate was reading it");
    }

    private static async Task<(ValidationReport Report, int Released)> Run(string root, string cacheRoot, bool reportOnly)
    {
        var run = await Pipeline(cacheRoot).ExecuteAsync(new ValidationRequest(root, [], [Stages.Schema]) { ReportOnly = reportOnly },
            cancellationToken: TestContext.Current.CancellationToken);
        return (run.Report, run.Input.Repository.Files.Count(f => f.Released is not null));
    }

    private static ValidationPipeline Pipeline(string cacheRoot) =>
        new(new ProcessRunner(), TestPipeline.Settings(Path.Combine(cacheRoot, "render"), tools: new Validation.Tools.ToolCache(Path.Combine(cacheRoot, "tools"))));

    private static void AddCrossObjectCases(TempRepository corpus)
    {
        // The first object of part-000 once more, in another file: a duplicate across files.
        var first = File.ReadAllText(Path.Combine(corpus.Root, "corpus/part-000.yaml")).Split("\n---\n")[0];
        corpus.Write("corpus/again.yaml", first + "\n");
        corpus.Write("corpus/crd.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          properties:
                            size: {type: integer}

            """);
        corpus.Write("corpus/widgets.yaml", """
            ---
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: small
              annotations:
                argocd.argoproj.io/sync-wave: "3"
                other: kept-out-of-the-outline
            spec:
              size: 1
              colour: red
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: large, namespace: elsewhere}
            spec: {size: 9}

            """);
        corpus.Write("corpus/generated.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              generateName: settings-
            data:
              count: 3

            """);
        corpus.Write("corpus/child-application.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: more
              namespace: argocd
            spec:
              project: default
              source:
                repoURL: https://github.com/central-acolhimento/gitops.git
                targetRevision: main
                path: more
              destination:
                server: https://kubernetes.default.svc
                namespace: more

            """);
        corpus.Write("more/config.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: more-settings
            data:
              enabled: true

            """);
        corpus.Write("corpus/flux.yaml", """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: flux-apps
              namespace: flux-system
            spec:
              interval: 10m
              path: ./more
              prune: true
              sourceRef: {kind: GitRepository, name: flux-system}

            """);
    }
}
