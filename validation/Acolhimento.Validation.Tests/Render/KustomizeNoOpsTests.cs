using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// Issue 10 §5: Kustomize entries that change nothing are errors at the entry (file:line a person edits), matched as
/// Kustomize matches. Fixture: overlays/one (namespace web-one) over apps/web (Deployment web, image ghcr.io/example/web:1.0.0).
/// </summary>
[Trait("Category", "Unit")]
public sealed class KustomizeNoOpsTests
{
    private const string Overlay = "overlays/one/kustomization.yaml";

    private const string Base = "namespace: web-one\nresources:\n  - ../../apps/web\n";

    private static async Task<IReadOnlyList<Finding>> RenderOverlay(string kustomization, params (string Path, string Text)[] files)
    {
        using var fixture = new RenderFixture();
        fixture.Write(Overlay, kustomization);
        foreach (var (path, text) in files) fixture.Write(path, text);
        return (await fixture.RenderAsync()).Findings;
    }

    private static int LineOf(string text, string line) => Array.IndexOf(text.Split('\n'), line) + 1;

    private static void ShouldBeOnly(IReadOnlyList<Finding> findings, string rule, string file, int line)
    {
        var errors = findings.ExceptUncachedCharts().Where(f => f.CountsAsError || f.CountsAsWarning).ToList();
        errors.Count.ShouldBe(1, findings.Describe());
        errors[0].Rule.ShouldBe(rule, findings.Describe());
        errors[0].Location.ShouldBe(new SourceLocation(file, line, 5), findings.Describe());
        errors[0].Application.ShouldBe("web-one");
    }

    [Fact]
    public async Task Entries_that_match_pass_as_kustomize_matches_them()
    {
        // Target by the name before the prefix, by regex, and by the prefixed name; images by name before tag; replicas by name.
        var kustomization = Base + "namePrefix: p-\nimages:\n  - name: ghcr.io/example/web\n    newTag: 2.0.0\n  - name: ghcr.io/example/w.b\n    newName: ghcr.io/example/web\nreplicas:\n  - name: web\n    count: 2\n"
            + "patches:\n  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/ports/0/containerPort\n        value: 8081\n"
            + "  - target: {group: apps, kind: Deploy.*, name: w.b, labelSelector: \"app!=api\"}\n    patch: |-\n      - op: add\n        path: /spec/template/spec/containers/0/args\n        value: [--x]\n"
            + "  - path: resources.yaml\n";
        var findings = await RenderOverlay(kustomization);
        findings.ExceptUncachedCharts().Where(f => f.CountsAsError || f.CountsAsWarning).ShouldBeEmpty(findings.Describe());
    }

    [Fact]
    public async Task Targeted_patch_selecting_nothing_is_an_error_at_its_entry()
    {
        var kustomization = Base + "patches:\n  - target:\n      kind: Deployment\n      name: wbe\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n";
        var findings = await RenderOverlay(kustomization);
        ShouldBeOnly(findings, RenderRules.KustomizePatchNoMatch, Overlay, LineOf(kustomization, "  - target:"));
        findings.Single(f => f.Rule == RenderRules.KustomizePatchNoMatch).Message.ShouldContain("kind=Deployment name=wbe");
    }

    [Fact]
    public async Task Target_names_are_anchored_and_the_kind_must_match_too()
    {
        var partial = Base + "patches:\n  - target: {kind: Deployment, name: we}\n    patch: |-\n      - op: add\n        path: /metadata/annotations\n        value: {a: b}\n";
        ShouldBeOnly(await RenderOverlay(partial), RenderRules.KustomizePatchNoMatch, Overlay, LineOf(partial, "  - target: {kind: Deployment, name: we}"));
        var wrongKind = Base + "patches:\n  - target: {kind: StatefulSet, name: web}\n    patch: |-\n      - op: add\n        path: /metadata/annotations\n        value: {a: b}\n";
        ShouldBeOnly(await RenderOverlay(wrongKind), RenderRules.KustomizePatchNoMatch, Overlay, LineOf(wrongKind, "  - target: {kind: StatefulSet, name: web}"));
    }

    [Fact]
    public async Task Strategic_merge_patch_with_a_target_selecting_nothing_and_a_json6902_patch_are_errors_at_their_entries()
    {
        var kustomization = Base + "patches:\n  - path: resources.yaml\n    target: {kind: Deployment, labelSelector: app=api}\npatchesJson6902:\n  - target: {group: apps, version: v1, kind: Deployment, name: api}\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 3\n";
        var findings = await RenderOverlay(kustomization);
        findings.Where(f => f.Rule == RenderRules.KustomizePatchNoMatch).Select(f => f.Location!.Line).ShouldBe(
            [LineOf(kustomization, "  - path: resources.yaml"), LineOf(kustomization, "  - target: {group: apps, version: v1, kind: Deployment, name: api}")], findings.Describe());
    }

    [Fact]
    public async Task Strategic_merge_patch_file_for_a_missing_object_is_located_at_its_entry_without_tool_noise()
    {
        var kustomization = Base + "patches:\n  - path: resources.yaml\n";
        var findings = await RenderOverlay(kustomization, ("overlays/one/resources.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: not-in-the-base\nspec: {}\n"));
        ShouldBeOnly(findings, RenderRules.KustomizePatchNoMatch, Overlay, LineOf(kustomization, "  - path: resources.yaml"));
        var message = findings.Single(f => f.Rule == RenderRules.KustomizePatchNoMatch).Message;
        message.ShouldContain("overlays/one/resources.yaml is for Deployment not-in-the-base");
        message.ShouldNotContain("error:");
        message.ShouldNotContain("[noNs]");
    }

    [Fact]
    public async Task Images_entry_matching_no_container_image_is_an_error_at_its_entry()
    {
        var kustomization = Base + "images:\n  - name: ghcr.io/example/web\n    newTag: 2.0.0\n  - name: ghcr.io/example/wbe\n    newTag: 2.0.0\n";
        var findings = await RenderOverlay(kustomization);
        ShouldBeOnly(findings, RenderRules.KustomizeImageNoMatch, Overlay, LineOf(kustomization, "  - name: ghcr.io/example/wbe"));
        findings.Single(f => f.Rule == RenderRules.KustomizeImageNoMatch).Message.ShouldContain("images: ghcr.io/example/web");
    }

    [Fact]
    public async Task Images_entry_naming_another_tag_matches_nothing_but_the_exact_tag_matches()
    {
        // Kustomize reads the name as a pattern followed by an optional tag: "web:1.0.0" matches the image, "web:2.0.0" does not.
        var other = Base + "images:\n  - name: ghcr.io/example/web:2.0.0\n    newTag: 3.0.0\n";
        ShouldBeOnly(await RenderOverlay(other), RenderRules.KustomizeImageNoMatch, Overlay, LineOf(other, "  - name: ghcr.io/example/web:2.0.0"));
        var exact = Base + "images:\n  - name: ghcr.io/example/web:1.0.0\n    newTag: 3.0.0\n";
        var findings = await RenderOverlay(exact);
        findings.Where(f => f.CountsAsError).ShouldBeEmpty(findings.Describe());
    }

    [Fact]
    public async Task Init_and_ephemeral_container_images_count()
    {
        var deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      initContainers:\n        - name: init\n          image: busybox:1.36\n      containers:\n        - name: web\n          image: ghcr.io/example/web:1.0.0\n";
        var kustomization = Base + "images:\n  - name: busybox\n    newTag: \"1.37\"\n";
        var findings = await RenderOverlay(kustomization, ("apps/web/deployment.yaml", deployment));
        findings.Where(f => f.CountsAsError).ShouldBeEmpty(findings.Describe());
    }

    [Fact]
    public async Task Replicas_entry_naming_no_object_is_located_at_its_entry()
    {
        var kustomization = Base + "replicas:\n  - name: web\n    count: 2\n  - name: wbe\n    count: 3\n";
        var findings = await RenderOverlay(kustomization);
        ShouldBeOnly(findings, RenderRules.KustomizeReplicasNoMatch, Overlay, LineOf(kustomization, "  - name: wbe"));
        findings.ExceptUncachedCharts().Single().Message.ShouldNotContain("GVK");
    }

    [Theory]
    [InlineData("remove", "/spec/paused")]
    [InlineData("replace", "/spec/strategy/type")]
    [InlineData("add", "/spec/nothing/here")]
    [InlineData("remove", "/spec/template/spec/containers/3")]
    public async Task Json_patch_operation_on_a_missing_path_that_stops_the_build_is_located_at_the_operation(string op, string path)
    {
        var kustomization = Base + $"patches:\n  - target: {{kind: Deployment, name: web}}\n    patch: |-\n      - op: add\n        path: /metadata/annotations\n        value: {{a: b}}\n      - op: {op}\n        path: {path}\n        value: x\n";
        var findings = await RenderOverlay(kustomization);
        var errors = findings.Where(f => f.CountsAsError).ToList();
        errors.Count.ShouldBe(1, findings.Describe());
        errors[0].Rule.ShouldBe(RenderRules.KustomizeJsonPatchPathMissing);
        errors[0].Location.ShouldBe(new SourceLocation(Overlay, LineOf(kustomization, $"        path: {path}") - 1, 9)); // the operation, not the first op of the patch
        errors[0].Message.ShouldContain(path.Split('/')[^1]);
        errors[0].Message.ShouldNotContain("error:");
    }

    [Fact]
    public async Task Json_patch_replace_on_a_missing_key_is_an_error_although_kustomize_adds_it_silently()
    {
        var kustomization = Base + "patches:\n  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: replace\n        path: /spec/replica\n        value: 3\n";
        var findings = await RenderOverlay(kustomization);
        var errors = findings.Where(f => f.CountsAsError).ToList();
        errors.Count.ShouldBe(1, findings.Describe());
        errors[0].Rule.ShouldBe(RenderRules.KustomizeJsonPatchPathMissing);
        errors[0].Location.ShouldBe(new SourceLocation(Overlay, LineOf(kustomization, "      - op: replace"), 9));
        errors[0].Message.ShouldContain("Deployment web (apps/web/deployment.yaml)");
    }

    [Fact]
    public async Task Json_patch_replace_of_a_path_an_earlier_patch_adds_is_not_reported()
    {
        var kustomization = Base + "patches:\n  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: add\n        path: /spec/strategy\n        value: {type: Recreate}\n"
            + "  - target: {kind: Deployment, name: web}\n    patch: |-\n      - op: replace\n        path: /spec/strategy/type\n        value: RollingUpdate\n";
        var findings = await RenderOverlay(kustomization);
        findings.Where(f => f.CountsAsError).ShouldBeEmpty(findings.Describe());
    }

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,!missing", true)]
    [InlineData("app in (api, web)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("app!=web", false)]
    [InlineData("tier", false)]
    public void Label_selector_text_reads_as_kubernetes_reads_it(string selector, bool matches) =>
        Validation.Kubernetes.LabelSelectorText.Matches(selector, new Dictionary<string, string> { ["app"] = "web" }).ShouldBe(matches);

    [Theory]
    [InlineData("ghcr.io/example/web:1.0.0", "ghcr.io/example/web", true)]
    [InlineData("ghcr.io/example/web@sha256:abc", "ghcr.io/example/web", true)]
    [InlineData("ghcr.io/example/web:1.0.0@sha256:abc", "ghcr.io/example/web", true)]
    [InlineData("ghcr.io/example/webapp:1.0.0", "ghcr.io/example/web", false)]
    [InlineData("ghcr.io/example/web:1.0.0", "example/web", false)]
    [InlineData("busybox", "busybox", true)]
    public void Image_names_match_before_tag_and_digest(string image, string name, bool matches) =>
        KustomizeNoOps.ImageMatches(image, name).ShouldBe(matches);

    [Theory]
    [InlineData("registry/web[", "registry/web[", true)]
    [InlineData("registry/web[:1.0.0", "registry/web[", true)]
    [InlineData("registry/other:1.0.0", "registry/web[", null)]
    public void An_image_name_that_is_no_pattern_matches_itself_and_decides_nothing_else(string image, string name, bool? matches) =>
        KustomizeNoOps.ImageMatches(image, name).ShouldBe(matches);
}
