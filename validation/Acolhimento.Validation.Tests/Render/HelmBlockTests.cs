using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Acolhimento.Validation.Yaml;
using Shouldly;
using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// Each field of an Application's helm block rendered through the real Helm as Argo CD would run it, on the small fixture
/// repository: the <c>extras</c> Application's chart (charts/config) is given the block under test.
/// </summary>
[Trait("Category", "Unit")]
public sealed class HelmBlockTests
{
    private const string Extras = "charts/apps/templates/extras.yaml";

    private static RenderFixture WithHelmBlock(string block)
    {
        var fixture = new RenderFixture();
        var path = Path.Combine(fixture.Repository.Root, Extras);
        var text = File.ReadAllText(path);
        const string original = "      helm:\n        releaseName: config\n        valuesObject:\n          greeting: hello-from-the-application\n";
        text.ShouldContain(original);
        File.WriteAllText(path, text.Replace(original, "      helm:\n" + string.Join("", block.Split('\n').Select(l => "        " + l + "\n")), StringComparison.Ordinal));
        return fixture;
    }

    private static string Data(RenderResult render, string key) =>
        render.Clusters.SelectMany(c => c.Objects).Single(o => o.Kind == "ConfigMap" && o.Name.EndsWith("-greeting", StringComparison.Ordinal))
            .Body.Mapping("data")!.String(key)!;

    [Fact]
    public async Task Parameters_keep_commas_and_forceString_and_file_parameters_read_repository_files()
    {
        using var fixture = WithHelmBlock("parameters:\n  - {name: greeting, value: \"hello, world\"}\nfileParameters:\n  - {name: motd, path: ../../plain/motd.txt}");
        fixture.Write("plain/motd.txt", "welcome");
        fixture.Write("charts/config/templates/configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  motd: {{ .Values.motd | quote }}\n  release: {{ .Release.Name | quote }}\n  namespace: {{ .Release.Namespace | quote }}\n");
        var render = await fixture.RenderAsync();
        render.Errors().ShouldBeEmpty(render.Findings.Describe());
        Data(render, "greeting").ShouldBe("hello, world");
        Data(render, "motd").ShouldBe("welcome");
        Data(render, "release").ShouldBe("extras");
        Data(render, "namespace").ShouldBe("extras");
    }

    [Fact]
    public async Task Release_name_namespace_and_variables_are_Argo_CDs()
    {
        using var fixture = WithHelmBlock("releaseName: rel\nnamespace: elsewhere\nparameters:\n  - {name: greeting, value: \"from $ARGOCD_APP_NAME in $ARGOCD_APP_NAMESPACE\"}");
        fixture.Write("charts/config/templates/configmap.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  namespace: {{ .Release.Namespace | quote }}\n");
        var render = await fixture.RenderAsync();
        render.Object("ConfigMap", "rel-greeting").ShouldNotBeNull();
        Data(render, "greeting").ShouldBe("from extras in extras");
        Data(render, "namespace").ShouldBe("elsewhere");
    }

    [Fact]
    public async Task A_field_Argo_CD_does_not_have_or_refuses_is_an_error_at_its_line_and_nothing_renders()
    {
        using var fixture = WithHelmBlock("releaseName: config\npassCredentials: true\nvalueFile: [x.yaml]");
        var render = await fixture.RenderAsync();
        var errors = render.Errors().Where(f => f.Rule == RenderRules.HelmOptionRefused).ToList();
        errors.Select(f => f.Location!.Line).ShouldBe([fixture.LineOf(Extras, "passCredentials: true"), fixture.LineOf(Extras, "valueFile: [x.yaml]")], render.Findings.Describe());
        render.Clusters.SelectMany(c => c.Objects).ShouldNotContain(o => o.Name == "config-greeting");
    }

    [Fact]
    public async Task Value_file_globs_expand_in_lexical_order_and_missing_ones_are_errors_unless_ignored()
    {
        using var fixture = WithHelmBlock("releaseName: config\nvalueFiles: [\"env/*.yaml\", env/a.yaml]");
        fixture.Write("charts/config/env/a.yaml", "greeting: from-a\n").Write("charts/config/env/b.yaml", "greeting: from-b\n");
        // a.yaml is listed explicitly after the glob, so it comes last and wins.
        Data(await fixture.RenderAsync(), "greeting").ShouldBe("from-a");

        using var missing = WithHelmBlock("releaseName: config\nvalueFiles: [\"env/*.yaml\", absent.yaml]");
        var render = await missing.RenderAsync();
        render.Errors().Where(f => f.Rule == RenderRules.MissingValuesFile).Select(f => f.Message).ShouldBe([
            "Application extras: values file glob \"env/*.yaml\" matched no files",
            "Application extras: value file \"absent.yaml\" does not exist (charts/config/absent.yaml)",
        ]);

        using var ignored = WithHelmBlock("releaseName: config\nignoreMissingValueFiles: true\nvalueFiles: [\"env/*.yaml\", absent.yaml]");
        Data(await ignored.RenderAsync(), "greeting").ShouldBe("hello-from-chart-defaults");
    }

    [Fact]
    public async Task Skip_flags_leave_out_CRDs_and_test_hooks_as_Helm_does()
    {
        const string Crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema: {type: object}\n";
        const string TestHook = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: smoke\n  annotations:\n    helm.sh/hook: test\ndata: {}\n";
        using var with = WithHelmBlock("releaseName: config");
        with.Write("charts/config/crds/widget.yaml", Crd).Write("charts/config/templates/test.yaml", TestHook);
        var all = (await with.RenderAsync()).Clusters.SelectMany(c => c.Objects).Select(o => o.Name).ToList();
        all.ShouldContain("widgets.example.com");
        all.ShouldContain("smoke");

        using var without = WithHelmBlock("releaseName: config\nskipCrds: true\nskipTests: true");
        without.Write("charts/config/crds/widget.yaml", Crd).Write("charts/config/templates/test.yaml", TestHook);
        var skipped = (await without.RenderAsync()).Clusters.SelectMany(c => c.Objects).Select(o => o.Name).ToList();
        skipped.ShouldNotContain("widgets.example.com");
        skipped.ShouldNotContain("smoke");
    }
}
