using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// YAML 1.1 spellings planted in a copy of this repository are judged by the types Kubernetes gives them. Helm prints a
/// template's text as it is, so Argo CD's go-yaml v2 reads <c>yes</c> as a boolean and 0xFFFFFFFFFFFFFFFF as a number;
/// kustomize reads its inputs with YAML 1.2 rules (kyaml, go-yaml v3) and prints them again, so in a kustomize base
/// <c>yes</c> stays a string and <c>0.0</c> becomes 0. The gate reads what each tool printed.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ScalarGateTests
{
    private const string Deployment = "apps/api/deployment.yaml";
    private const string Template = "charts/platform-config/templates/externalsecret-grafana-admin.yaml";

    [Fact]
    public async Task Planted_yaml_1_1_scalars_are_judged_as_kubernetes_types_them()
    {
        var directory = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable);
        VisibleSkip.When(string.IsNullOrWhiteSpace(directory), $"{SchemaLocator.EnvironmentVariable} is not set: the scalar gate needs the schema data");
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        Plant(copy.Root, Deployment,
            ("        runAsUser: 10001\n", "        runAsUser: 0.0\n"),
            ("            - name: LLM_MODEL\n", "            - name: FEATURE\n              value: yes\n            - name: LLM_MODEL\n"));
        Plant(copy.Root, Template,
            ("        property: admin-user\n", "        property: yes\n"),
            ("        property: admin-password\n", "        property: 0xFFFFFFFFFFFFFFFF\n"));
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(copy.Root, cache.Root);
        render.Findings.ShouldHaveNoErrors();
        var schema = SchemaStage.Create(directory).Run(render.Clusters).Where(f => f.Severity == Severity.Error).ToList();

        // Through Helm: a boolean and a number where the ExternalSecret wants strings, at the template's lines.
        var template = Path.Combine(copy.Root, Template);
        foreach (var (value, kind) in new[] { ("property: yes", "boolean"), ("property: 0xFFFFFFFFFFFFFFFF", "number") })
        {
            var line = FixtureText.LineOf(template, value);
            var atLine = schema.Where(f => f.Rule == SchemaRules.TypeMismatch && f.Location is { File: Template } l && l.Line == line).ToList();
            atLine.ShouldNotBeEmpty($"{value} ({kind}) at {Template}:{line}: {schema.Describe()}");
            atLine.ShouldAllBe(f => f.Message.Contains(kind));
        }

        // Through kustomize: yes is printed as the string "yes" (no finding), 0.0 as the integer 0 (root: the restricted floor).
        var deployment = Path.Combine(copy.Root, Deployment);
        schema.Where(f => f.Location is { File: Deployment }).ShouldBeEmpty(schema.Describe());
        var root = FixtureText.LineOf(deployment, "runAsUser: 0.0");
        var policy = PolicyStage.Load(copy.Root).Run(render.Clusters, TestPipeline.Today);
        policy.Where(f => f.Rule == "policy/pss-run-as-non-root" && f.Location is { File: Deployment } l && l.Line == root)
            .Select(f => f.Cluster).Order().ToArray().ShouldBe(["dev", "production", "staging"], policy.Describe());
    }

    private static void Plant(string root, string file, params (string Original, string Planted)[] changes)
    {
        var path = Path.Combine(root, file);
        var text = File.ReadAllText(path);
        foreach (var (original, planted) in changes)
        {
            text.ShouldContain(original);
            text = text.Replace(original, planted, StringComparison.Ordinal);
        }
        File.WriteAllText(path, text);
    }
}
