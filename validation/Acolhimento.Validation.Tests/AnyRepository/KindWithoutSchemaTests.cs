using System.Net;
using System.Text;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Schema.Pull;
using Acolhimento.Validation.Tests.Support;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 16 §4: a kind without a schema is one finding per kind (not per object) naming the missing CRD and how to
/// provide it, at the profile's severity; its objects still get the checks that need no schema.
/// </summary>
[Trait("Category", "Unit")]
public sealed class KindWithoutSchemaTests
{
    private static string Rollout(string name, string labels = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: {name}
        {labels}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
                - name: main
                  image: registry.example.com/{name}:1.0.0
                  ports:
                    - containerPort: 8080
          strategy:
            blueGreen:
              activeService: {name}
        """;

    private static string Service(string name) => $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {name}
        spec:
          selector:
            app: {name}
          ports:
            - port: 80
              targetPort: 8080
        """;

    /// <summary>A CRD for Rollouts written for these tests: spec.replicas is an integer, unknown fields are refused.</summary>
    private const string RolloutDefinition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: rollouts.argoproj.io
        spec:
          group: argoproj.io
          scope: Namespaced
          names:
            kind: Rollout
            plural: rollouts
            singular: rollout
            listKind: RolloutList
          versions:
            - name: v1alpha1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      x-kubernetes-preserve-unknown-fields: true
                      properties:
                        replicas:
                          type: integer
        """;

    [Fact]
    public async Task Kubernetes_profile_reports_one_warning_per_kind_and_still_checks_metadata()
    {
        using var repository = new SmallRepository()
            .Write("apps/blue.yaml", Rollout("blue") + "\n---\n" + Service("blue"))
            .Write("apps/green.yaml", Rollout("green", "  labels:\n    bad label: x") + "\n---\n" + Service("green"));
        var findings = await repository.ValidateAsync();
        findings.Lines().ShouldBe(
            "apps/blue.yaml:1: warning schema/kind-without-schema\n"
            + "apps/green.yaml:6: error schema/invalid-label", findings.Describe());
        var missing = findings.ShouldHaveSingle(SchemaRules.KindWithoutSchema);
        missing.Message.ShouldStartWith("no schema for Rollout (argoproj.io/v1alpha1): the CustomResourceDefinition of Rollout.argoproj.io is missing, so its 2 object(s) in cluster one get only the checks that need no schema");
        missing.Message.ShouldContain("spec.crdSources in validation.yaml");
        missing.Message.ShouldContain("schemas pull");
    }

    [Fact]
    public async Task A_definition_the_repository_renders_gives_the_kind_its_schema()
    {
        using var repository = new SmallRepository()
            .Write("apps/crd-rollouts.yaml", RolloutDefinition)
            .Write("apps/blue.yaml", Rollout("blue").Replace("replicas: 2", "replicas: two", StringComparison.Ordinal) + "\n---\n" + Service("blue"));
        var findings = await repository.ValidateAsync();
        findings.Lines().ShouldBe("apps/blue.yaml:7: error schema/type-mismatch", findings.Describe());
    }

    [Fact]
    public void Severity_is_the_profiles_choice_and_a_likely_typo_stays_an_error_per_object()
    {
        new RuleSelection(RuleProfile.Kubernetes, []).KindWithoutSchemaSeverity.ShouldBe(Severity.Warning);
        new RuleSelection(RuleProfile.Organisation, []).KindWithoutSchemaSeverity.ShouldBe(Severity.Error);
        var objects = Validation.Render.RenderedObjects.FromText("apps/x.yaml", RolloutDefinition + "\n---\n"
            + Rollout("a") + "\n---\n" + Rollout("b") + "\n---\n" + Rollout("c").Replace("kind: Rollout", "kind: Rolout", StringComparison.Ordinal)
            + "\n---\napiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n", "one", "apps");
        var stage = new SchemaStage(_ => Schema.MiniSchemas.Catalog(), new DeprecationTable([]));
        var findings = stage.Run([new Validation.Render.RenderedCluster("one", "1.35", [], objects, [])], Severity.Error);
        // (the mini schema data has no apiextensions.k8s.io group, so the CRD object itself is left out here)
        findings.Where(f => f.Rule is SchemaRules.KindWithoutSchema or SchemaRules.UnknownKind && f.Object!.Kind != "CustomResourceDefinition").Select(f => $"{f.Severity} {f.Rule} {f.Object!.Kind}").ShouldBe(
        [
            "Error schema/unknown-kind Rolout",
            "Error schema/kind-without-schema Gadget",
        ], findings.Describe());
        findings.Single(f => f.Rule == SchemaRules.UnknownKind).Message.ShouldContain("did you mean Rollout?");
    }

    [Fact]
    public async Task Crd_sources_in_validation_yaml_are_pinned_and_fetched_by_schemas_pull()
    {
        var crd = Encoding.UTF8.GetBytes(RolloutDefinition);
        using var repository = new SmallRepository($"""
              # CRDs of kinds this repository deploys but does not render.
              crdSources:
                - project: argo-rollouts
                  version: v1.7.2
                  files:
                    - name: rollouts.yaml
                      url: https://example.test/argo-rollouts/v1.7.2/rollout-crd.yaml
                      sha256: {SchemaPuller.Sha256Of(crd)}
            """);
        RepositoryConfiguration.Load(repository.Root).CrdSources.ShouldHaveSingleItem().Files.ShouldHaveSingleItem().Url
            .ShouldBe("https://example.test/argo-rollouts/v1.7.2/rollout-crd.yaml");
        using var output = new TempRepository();
        var bodies = new Dictionary<string, byte[]> { ["https://example.test/argo-rollouts/v1.7.2/rollout-crd.yaml"] = crd };
        var lockFile = repository.Root + "/" + SchemaLock.DefaultRelativePath;
        repository.Write(SchemaLock.DefaultRelativePath, "kubernetes:\n  - version: \"1.35\"\n    urlTemplate: https://example.test/{path}\n    files: []\ncrds: []\ndeprecations: []\n");
        var stdout = new StringWriter();
        var command = SchemaCommands.Create(stdout, () => new CannedHandler(bodies));
        var exit = await command.Parse(["pull", "--k8s-version", "1.35", "--output", output.Root, "--repo", repository.Root]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(0, stdout.ToString());
        File.ReadAllBytes(Path.Combine(output.Root, "crds", "argo-rollouts", "rollouts.yaml")).ShouldBe(crd);
        File.Exists(lockFile).ShouldBeTrue();
    }

    [Fact]
    public void Crd_sources_with_a_bad_checksum_or_a_clashing_project_are_refused()
    {
        using var repository = new SmallRepository("""
              crdSources:
                - project: argo-rollouts
                  version: v1.7.2
                  files:
                    - name: rollouts.yaml
                      url: https://example.test/rollouts.yaml
                      sha256: not-a-checksum
            """);
        Should.Throw<CannotValidateException>(() => RepositoryConfiguration.Load(repository.Root)).Message.ShouldContain("is not 64 hex digits");
        var project = new LockedProject("argo-rollouts", "v1", []);
        Should.Throw<CannotValidateException>(() => new SchemaLock([], [project], []).WithCrds([project])).Message.ShouldContain("pinned twice");
        SchemaLock.Builtin().Crds.ShouldNotBeEmpty();
    }

    private sealed class CannedHandler(Dictionary<string, byte[]> bodies) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(bodies.TryGetValue(request.RequestUri!.ToString(), out var body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }
                : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
