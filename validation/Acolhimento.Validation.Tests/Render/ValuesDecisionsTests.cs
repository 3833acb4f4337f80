using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Policy;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Yaml;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>Issue 14 §2: a field a template writes from a values decision is located at the values line that set it, and reported once per decision.</summary>
[Trait("Category", "Unit")]
public sealed class ValuesDecisionsTests
{
    private const string ChartValues = "charts/apps/values.yaml";
    private const string ClusterValues = "clusters/production/values.yaml";

    private static ValuesLayer Layer(string file, string text)
    {
        var root = YamlReader.Read(text).Documents[0].Root!;
        return new ValuesLayer.Document(root, (node, _) => new SourceLocation(file, node.Start.Line, node.Start.Column));
    }

    private static readonly HelmValues Values = HelmValues.Merge([
        Layer(ChartValues, "syncPolicy:\n  automated: false\nreplicaCount: 2\nimage:\n  repository: ghcr.io/x/api\n  tag: 1.0.0\nunset: {}\n"),
        Layer(ClusterValues, "syncPolicy:\n  automated: true\nreplicaCount: 3\n"),
    ]);

    private const string Helpers = """
        {{- define "apps.syncPolicy" -}}
        {{- if .Values.syncPolicy.automated -}}
        automated:
          prune: true
        {{ end -}}
        retry:
          limit: 10
        {{- end }}

        {{- define "apps.spec" -}}
        {{ include "apps.syncPolicy" . }}
        {{- end }}

        {{- define "apps.unused" -}}
        replicas: {{ .Values.unset.count }}
        {{- end }}
        """;

    private static ValuesDecisions Decisions(string template)
    {
        var lines = template.Split('\n');
        var helpers = ValuesDecisions.ReadHelpers([("charts/apps/templates/_helpers.tpl", Helpers.Split('\n'))]);
        return new ValuesDecisions(new TemplateSource("charts/apps/templates/app.yaml", lines, 1), helpers, Values);
    }

    [Fact]
    public void Field_written_inside_an_if_on_a_value_in_an_included_helper_is_at_the_values_line_that_set_it()
    {
        var decisions = Decisions("kind: Application\nspec:\n  syncPolicy:\n    {{- include \"apps.spec\" . | nindent 4 }}\n");
        decisions.Find(ObjectPath.Of("spec", "syncPolicy", "automated")).ShouldBe(new SourceLocation(ClusterValues, 2, 14));
    }

    [Fact]
    public void Field_written_with_a_value_on_its_line_is_at_the_last_values_file_that_set_it()
    {
        var decisions = Decisions("kind: Deployment\nspec:\n  replicas: {{ .Values.replicaCount }}\n");
        decisions.Find(ObjectPath.Of("spec", "replicas")).ShouldBe(new SourceLocation(ClusterValues, 3, 15));
    }

    [Fact]
    public void Value_only_the_chart_defaults_set_is_at_the_charts_values_line()
    {
        var decisions = Decisions("kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: {{ .Values.image.tag | quote }}\n");
        decisions.Find(ObjectPath.Of("spec", "template", "spec", "containers", 0, "image")).ShouldBe(new SourceLocation(ChartValues, 6, 8));
    }

    [Fact]
    public void No_values_line_when_the_field_is_literal_ambiguous_or_its_value_unset()
    {
        Decisions("kind: Deployment\nspec:\n  replicas: 1\n").Find(ObjectPath.Of("spec", "replicas")).ShouldBeNull();
        Decisions("kind: Deployment\nspec:\n  image: {{ .Values.image.repository }}:{{ .Values.image.tag }}\n").Find(ObjectPath.Of("spec", "image")).ShouldBeNull();
        // The helper that writes replicas from an unset value is not included by this template, and the value is not set.
        Decisions("kind: Deployment\nspec:\n  paused: true\n").Find(ObjectPath.Of("spec", "replicas")).ShouldBeNull();
    }

    [Fact]
    public void A_closed_block_above_does_not_decide_the_field()
    {
        var decisions = Decisions("kind: Deployment\nspec:\n  {{- if .Values.syncPolicy.automated }}\n  paused: true\n  {{- end }}\n  replicas: 2\n");
        decisions.Find(ObjectPath.Of("spec", "replicas")).ShouldBeNull();
        decisions.Find(ObjectPath.Of("spec", "paused")).ShouldBe(new SourceLocation(ClusterValues, 2, 14));
    }

    private static Finding Sync(string name, string? waiver = null, int line = 8) =>
        new(Stages.Policy, Severity.Error, "policy/argocd-production-manual-sync", $"Application {name} syncs automatically in production",
            new SourceLocation(ClusterValues, line, 14), "production", "root", new ObjectReference("argoproj.io/v1alpha1", "Application", "argocd", name), "spec.syncPolicy.automated", waiver);

    [Fact]
    public void Findings_of_several_objects_from_one_line_are_one_finding_naming_them_all()
    {
        var merged = PolicyStage.OncePerDecision([Sync("web"), Sync("api"), Sync("llm")]).ToList();
        var finding = merged.ShouldHaveSingleItem();
        finding.Object!.Name.ShouldBe("api");
        finding.Message.ShouldBe("Application api syncs automatically in production; the same line decides it for Application llm, Application web too");
    }

    [Fact]
    public void Other_lines_and_waived_findings_stay_apart()
    {
        var kept = PolicyStage.OncePerDecision([Sync("web"), Sync("api", line: 9), Sync("llm", waiver: "w")]).ToList();
        kept.Count.ShouldBe(3);
    }
}
