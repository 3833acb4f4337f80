using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// No silent loss of objects: every document kubectl kustomize or helm template emits is handed on or refused with an
/// error at the source that produced it, and a source that renders nothing from a folder of manifests is an error.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ToolOutputTests
{
    private const string Template = "charts/config/templates/deep.yaml";

    [Fact]
    public async Task Helm_template_value_nested_too_deep_is_an_error_at_the_template_and_the_other_objects_survive()
    {
        using var fixture = new RenderFixture();
        fixture.Write(Template, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  deep: " + HostileYaml.Nested(120) + "\n");
        var result = await fixture.RenderAsync();
        var finding = result.Findings.ShouldHaveSingle(RenderRules.UnreadableOutput);
        finding.Severity.ShouldBe(Severity.Error);
        finding.Location!.File.ShouldBe(Template);
        finding.Application.ShouldBe("extras");
        finding.Message.ShouldContain("parse/nesting-too-deep");
        result.Object("ConfigMap", "config-greeting").ShouldNotBeNull(); // the document after the refused one is still read
        result.Errors().Count().ShouldBe(1, result.Findings.Describe());
    }

    [Fact]
    public async Task Kustomize_output_nested_too_deep_is_an_error_at_the_resource_it_came_from()
    {
        using var fixture = new RenderFixture();
        // The patch itself is within the depth cap; placed at spec.template.spec it makes the built object too deep.
        fixture.Write("overlays/one/kustomization.yaml", File.ReadAllText(Path.Combine(fixture.Repository.Root, "overlays/one/kustomization.yaml"))
            + "  - path: deep.yaml\n    target: {kind: Deployment, name: web}\n");
        fixture.Write("overlays/one/deep.yaml", "- op: add\n  path: /spec/template/spec/deep\n  value: " + HostileYaml.Nested(97) + "\n");
        var result = await fixture.RenderAsync();
        var finding = result.Findings.ShouldHaveSingle(RenderRules.UnreadableOutput);
        finding.Location.ShouldBe(new SourceLocation("apps/web/deployment.yaml", 1, 1));
        finding.Application.ShouldBe("web-one");
        result.Clusters.Single().Objects.ShouldNotContain(o => o.Kind == "Deployment");
    }

    [Fact]
    public async Task Helm_template_emitting_an_object_without_a_name_is_an_error_at_the_template()
    {
        using var fixture = new RenderFixture();
        fixture.Write(Template, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\ndata: {}\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.NotAnObject);
        finding.Location!.File.ShouldBe(Template);
        finding.Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public async Task Chart_that_renders_nothing_is_an_empty_source()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/templates/configmap.yaml", "{{- if .Values.never }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n{{- end }}\n");
        var finding = (await fixture.RenderAsync()).Findings.ShouldHaveSingle(RenderRules.EmptySource);
        finding.Location.ShouldBe(new SourceLocation("charts/apps/templates/extras.yaml", 19, 7));
        finding.Message.ShouldContain("charts/config");
    }

    [Fact]
    public async Task Json_files_of_a_plain_directory_are_applied_as_Argo_CD_applies_them()
    {
        using var fixture = new RenderFixture();
        fixture.Write("plain/from-json.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\",\n \"metadata\": {\"name\": \"from-json\"}}\n");
        var result = await fixture.RenderAsync();
        result.Findings.ShouldHaveNoErrors();
        result.Object("ConfigMap", "from-json").Location.ShouldBe(new SourceLocation("plain/from-json.json", 1, 1));
    }

    [Fact]
    public async Task Jsonnet_in_a_plain_directory_is_evaluated_with_the_pinned_interpreter()
    {
        using var fixture = new RenderFixture();
        fixture.Write("plain/objects.jsonnet", "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-jsonnet' } }\n");
        var result = await fixture.RenderAsync();
        result.Findings.ShouldHaveNoErrors();
        result.Object("ConfigMap", "from-jsonnet").Location.ShouldBe(new SourceLocation("plain/objects.jsonnet", 1, 1));
    }

    [Fact]
    public async Task Config_management_plugin_cannot_render_offline()
    {
        using var fixture = new RenderFixture();
        var extras = File.ReadAllText(Path.Combine(fixture.Repository.Root, "charts/apps/templates/extras.yaml"));
        fixture.Write("charts/apps/templates/extras.yaml", extras.Replace("      directory:\n        exclude: \"ignored-*.yaml\"\n", "      plugin:\n        name: cdk8s\n"));
        var result = await fixture.RenderAsync();
        var finding = result.Findings.ShouldHaveSingle(RenderRules.PluginRefused);
        finding.Message.ShouldContain("cannot render offline");
        finding.Message.ShouldStartWith("Application extras: cannot check: config management plugin cdk8s renders ");
        finding.Message.ShouldContain("every other source and object of cluster one is still checked", Case.Insensitive);
        finding.Location.ShouldBe(new SourceLocation("charts/apps/templates/extras.yaml", 15, 7));
        // What rendered is still handed on to the checks: the other Applications' objects are there.
        result.Clusters.Single().Objects.ShouldContain(o => o.Application == "web-one");
    }

    [Fact]
    public void Every_emitted_document_is_an_object_or_refused_and_a_refused_one_takes_no_other_along()
    {
        var output = "---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
            + "---\n# only a comment\n"
            + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: " + HostileYaml.Nested(110) + "}\n"
            + "---\n- a list\n"
            + "--- {apiVersion: v1, kind: ConfigMap, metadata: {name: inline}}\n"
            + "...\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: b}\n";
        var documents = ToolOutputReader.Read(output);
        documents.Objects.Select(o => o.Id.Name).ShouldBe(["a", "inline", "b"]);
        documents.Objects.Select(o => o.OutputLine).ShouldBe([3, 15, 18]);
        documents.Refused.Select(r => (r.OutputLine, r.Rule)).ShouldBe([(12, "parse/nesting-too-deep"), (14, RenderRules.NotAnObject)]);
        documents.Emitted.ShouldBe(5);
        // Documents are read in place; each keeps its own text, cut from the output only when asked.
        documents.Objects[0].Text.ShouldBe("# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        documents.Objects[1].Text.ShouldBe("{apiVersion: v1, kind: ConfigMap, metadata: {name: inline}}\n");
        documents.Refused[1].Text.ShouldBe("- a list\n");
    }

    [Fact]
    public void Objects_a_renderer_drops_without_a_finding_are_reported_as_lost()
    {
        var app = ApplicationDefinition.From(RenderedObjects.FromText("apps.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: app}\nspec:\n  source: {repoURL: x, path: p}\n").Single());
        var objects = RenderedObjects.FromText("p/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        var repository = new Acolhimento.Validation.Parsing.ParsedRepository(Path.GetTempPath(), []);
        var output = new SourceOutput(objects, [], new HashSet<string>()) { Emitted = 3, Refused = 1 };
        var finding = SourceRenderer.Accounted(output, repository, app, app.Sources[0], "p").Findings.ShouldHaveSingle(RenderRules.ObjectsLost);
        finding.Message.ShouldContain("1 unaccounted for");
        finding.Location.ShouldBe(new SourceLocation("apps.yaml", 5, 24));

        var accounted = output with { Emitted = 2 };
        SourceRenderer.Accounted(accounted, repository, app, app.Sources[0], "p").Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Helm_advice_to_rerun_with_debug_is_not_passed_on_to_the_reader()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/templates/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [unclosed\n");
        var result = await fixture.RenderAsync();
        result.Errors().ShouldNotBeEmpty(result.Findings.Describe());
        result.Findings.ShouldContain(f => f.Message.Contains("broken.yaml", StringComparison.Ordinal), result.Findings.Describe());
        result.Findings.ShouldAllBe(f => !f.Message.Contains("--debug", StringComparison.Ordinal), result.Findings.Describe());
    }

    [Fact]
    public void A_tool_message_keeps_its_lines_but_not_advice_for_whoever_typed_the_command()
    {
        RenderContext.Summary("Error: YAML parse error on config/templates/broken.yaml: line 6: did not find expected ',' or ']'\nUse --debug flag to render out invalid YAML\n")
            .ShouldBe("Error: YAML parse error on config/templates/broken.yaml: line 6: did not find expected ',' or ']'");
    }
}
