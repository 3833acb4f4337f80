using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// A file the parse stage refused is never handed to kubectl or helm: the render of every source that reads it is refused
/// naming the parse finding, no tool starts for it, and the whole render stays within its memory bound (measured here,
/// in-process, per hostile case).
/// </summary>
[Trait("Category", "Unit")]
[Collection(nameof(MemoryMeasuredCollection))]
public sealed class RefusedInputTests
{
    /// <summary>The gate's whole-run bound is 500 MiB; the offline gate itself takes about 170 MiB on this repository.</summary>
    private const long MaxGrowth = 300 * MemoryPeak.MiB;

    public static TheoryData<string> HostileCases() => new(HostileYaml.Cases.Keys.Order(StringComparer.Ordinal));

    private static async Task<(IReadOnlyList<Finding> Parse, RenderResult Render, RecordingProcessRunner Runner)> RenderMeasured(RenderFixture fixture)
    {
        var runner = new RecordingProcessRunner();
        IReadOnlyList<Finding> parse = [];
        RenderResult render = null!;
        var peak = await PeakMemory.MeasureAsync(async () => (parse, render) = await fixture.ParseAndRenderAsync(runner));
        peak.ManagedBytes.ShouldBeLessThan(MaxGrowth, peak.ToString());
        peak.WorkingSetBytes.ShouldBeLessThan(MaxGrowth, peak.ToString());
        return (parse, render, runner);
    }

    private static void ShouldNameTheParseFinding(Finding refusal, IReadOnlyList<Finding> parse, string file, string parseRule)
    {
        refusal.Severity.ShouldBe(Severity.Error);
        parse.ShouldContain(f => f.Rule == parseRule && f.Location!.File == file, parse.Describe());
        refusal.Message.ShouldContain(file);
        refusal.Message.ShouldContain(parseRule);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Kustomize_resource_the_parse_stage_refused_is_not_handed_to_kubectl(string hostile)
    {
        var (content, parseRule) = HostileYaml.Cases[hostile];
        using var fixture = new RenderFixture();
        fixture.WriteBytes("apps/web/hostile.yaml", content());
        fixture.Write("apps/web/kustomization.yaml", "resources:\n  - deployment.yaml\n  - hostile.yaml\n");
        var (parse, render, runner) = await RenderMeasured(fixture);
        var refusal = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        refusal.Location.ShouldBe(new SourceLocation("apps/web/kustomization.yaml", 3, 5));
        refusal.Application.ShouldBe("web-one");
        ShouldNameTheParseFinding(refusal, parse, "apps/web/hostile.yaml", parseRule);
        runner.Started.ShouldNotContain(s => s.Arguments.FirstOrDefault() == "kustomize");
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Helm_value_file_the_parse_stage_refused_is_not_handed_to_helm(string hostile)
    {
        var (content, parseRule) = HostileYaml.Cases[hostile];
        using var fixture = new RenderFixture();
        fixture.WriteBytes("env/one/hostile-values.yaml", content());
        var extras = File.ReadAllText(Path.Combine(fixture.Repository.Root, "charts/apps/templates/extras.yaml"));
        fixture.Write("charts/apps/templates/extras.yaml", extras.Replace("        releaseName: config\n", "        releaseName: config\n        valueFiles: [../../env/one/hostile-values.yaml]\n"));
        var (parse, render, runner) = await RenderMeasured(fixture);
        var refusal = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        refusal.Location.ShouldBe(new SourceLocation("charts/apps/templates/extras.yaml", 22, 9));
        ShouldNameTheParseFinding(refusal, parse, "env/one/hostile-values.yaml", parseRule);
        runner.Started.ShouldNotContain(s => s.Arguments.Any(a => a.EndsWith("charts/config", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Plain_directory_file_the_parse_stage_refused_refuses_the_source(string hostile)
    {
        var (content, parseRule) = HostileYaml.Cases[hostile];
        using var fixture = new RenderFixture();
        fixture.WriteBytes("plain/hostile.yaml", content());
        var (parse, render, _) = await RenderMeasured(fixture);
        var refusal = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        refusal.Location.ShouldBe(new SourceLocation("charts/apps/templates/extras.yaml", 14, 7));
        ShouldNameTheParseFinding(refusal, parse, "plain/hostile.yaml", parseRule);
        render.Clusters.Single().Objects.ShouldNotContain(o => o.Name == "hostile");
    }

    [Fact]
    public async Task Chart_file_the_parse_stage_refused_is_not_handed_to_helm()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/values.yaml", "greeting: hi\n" + HostileYaml.AliasBomb()[HostileYaml.AliasBomb().IndexOf("data:", StringComparison.Ordinal)..]);
        var (parse, render, runner) = await RenderMeasured(fixture);
        var refusal = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        refusal.Location.ShouldBe(new SourceLocation("charts/apps/templates/extras.yaml", 19, 7));
        ShouldNameTheParseFinding(refusal, parse, "charts/config/values.yaml", "parse/alias-expansion-limit");
        runner.Started.ShouldNotContain(s => s.Arguments.Any(a => a.EndsWith("charts/config", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Oversized_chart_template_is_not_handed_to_helm()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/templates/huge.yaml", "# " + new string('x', 6 * 1024 * 1024) + "\n");
        var (_, render, runner) = await RenderMeasured(fixture);
        render.Findings.ShouldHaveSingle(RenderRules.InputRefused).Message.ShouldContain("charts/config/templates/huge.yaml is 6291459 bytes");
        runner.Started.ShouldNotContain(s => s.Arguments.Any(a => a.EndsWith("charts/config", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Inline_helm_values_text_with_an_alias_bomb_is_not_handed_to_helm()
    {
        using var fixture = new RenderFixture();
        var extras = File.ReadAllText(Path.Combine(fixture.Repository.Root, "charts/apps/templates/extras.yaml"));
        var bomb = HostileYaml.AliasBomb()[HostileYaml.AliasBomb().IndexOf("data:", StringComparison.Ordinal)..].Replace("\n", "\n          ", StringComparison.Ordinal);
        fixture.Write("charts/apps/templates/extras.yaml", extras[..extras.IndexOf("        valuesObject:", StringComparison.Ordinal)] + "        values: |\n          " + bomb.TrimEnd() + "\n");
        var (_, render, runner) = await RenderMeasured(fixture);
        var refusal = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        refusal.Message.ShouldContain("parse/alias-expansion-limit");
        refusal.Location.ShouldBe(new SourceLocation("charts/apps/templates/extras.yaml", 22, 9));
        runner.Started.ShouldNotContain(s => s.Arguments.Any(a => a.EndsWith("charts/config", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Json_resource_that_discovery_does_not_list_is_held_to_the_same_limits()
    {
        using var fixture = new RenderFixture();
        fixture.Write("apps/web/deep.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"deep\"}, \"data\": " + HostileYaml.Nested(150).Replace("a:", "\"a\":") + "}\n");
        fixture.Write("apps/web/kustomization.yaml", "resources:\n  - deployment.yaml\n  - deep.json\n");
        var (_, render, runner) = await RenderMeasured(fixture);
        var refusal = render.Findings.ShouldHaveSingle(RenderRules.InputRefused);
        refusal.Location.ShouldBe(new SourceLocation("apps/web/kustomization.yaml", 3, 5));
        refusal.Message.ShouldContain("parse/nesting-too-deep");
        runner.Started.ShouldNotContain(s => s.Arguments.FirstOrDefault() == "kustomize");
    }

    [Fact]
    public async Task Oversized_generator_input_is_not_handed_to_kubectl()
    {
        using var fixture = new RenderFixture();
        fixture.Write("apps/web/big.txt", new string('x', 6 * 1024 * 1024));
        fixture.Write("apps/web/kustomization.yaml", "resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: big\n    files: [big.txt]\n");
        var (_, render, runner) = await RenderMeasured(fixture);
        render.Findings.ShouldHaveSingle(RenderRules.InputRefused).Location.ShouldBe(new SourceLocation("apps/web/kustomization.yaml", 5, 13));
        runner.Started.ShouldNotContain(s => s.Arguments.FirstOrDefault() == "kustomize");
    }

    [Fact]
    public async Task Chart_printing_without_end_is_stopped_at_the_output_limit()
    {
        using var fixture = new RenderFixture();
        fixture.Write("charts/config/templates/flood.yaml", "{{- range until 20000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flood-{{ . }}\n{{- end }}\n");
        var runner = new RecordingProcessRunner();
        RenderResult render = null!;
        var peak = await PeakMemory.MeasureAsync(async () => render = (await fixture.ParseAndRenderAsync(runner, RenderOptions.Default with { MaxToolOutputBytes = 256 * 1024 })).Render);
        peak.ManagedBytes.ShouldBeLessThan(MaxGrowth, peak.ToString());
        var finding = render.Findings.ShouldHaveSingle(RenderRules.RenderFailed);
        finding.Message.ShouldContain("more output than the limit");
        finding.Application.ShouldBe("extras");
    }

    [Fact]
    public async Task A_template_that_grows_without_end_stops_at_the_memory_bound_with_a_finding()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the memory bound is Linux's RLIMIT_AS");
        using var fixture = new RenderFixture();
        // Doubles a string 40 times (16 TiB): without a bound Helm takes the machine's memory until the kernel kills something.
        fixture.Write("charts/config/templates/grow.yaml", "{{- $s := \"aaaaaaaaaaaaaaaa\" }}{{- range until 40 }}{{- $s = print $s $s }}{{- end }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: grown\ndata:\n  n: \"{{ len $s }}\"\n");
        var (_, render) = await fixture.ParseAndRenderAsync(options: RenderOptions.Default with { MaxToolMemoryBytes = 1024L * 1024 * 1024 });
        var finding = render.Findings.ShouldHaveSingle(RenderRules.RenderFailed);
        finding.Message.ShouldContain("ran out of the memory a tool may use");
        finding.Application.ShouldBe("extras");
    }

    [Fact]
    public async Task Tools_get_no_time_beyond_the_render_budget()
    {
        using var fixture = new RenderFixture();
        var runner = new RecordingProcessRunner();
        var (_, render) = await fixture.ParseAndRenderAsync(runner, RenderOptions.Default with { RunBudget = TimeSpan.Zero });
        runner.Started.ShouldNotContain(s => s.Arguments.FirstOrDefault() == "template" || s.Arguments.FirstOrDefault() == "kustomize");
        render.Findings.Where(f => f.Rule == RenderRules.Timeout).Select(f => f.Application).ShouldBe(["root"]);
    }
}
