using Acolhimento.Validation.Render.Helm;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// A chart's files are scanned once per run however many clusters render it: the kept scan is the one a fresh scan
/// gives, and a changed file is seen by the next run (a new <see cref="TemplateFileScans"/>).
/// </summary>
[Trait("Category", "Unit")]
public sealed class TemplateFileScansTests
{
    [Fact]
    public void A_kept_scan_equals_a_fresh_one_and_the_next_run_sees_a_change()
    {
        using var repository = new TempRepository()
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 1.0.0\n")
            .Write("charts/web/templates/secret.yaml", "kind: Secret\ndata:\n  token: {{ randAlphaNum 32 | b64enc }}\n")
            .Write("clusters/dev/values.yaml", "when: '{{ now }}'\n");
        HelmTemplateScan Scan(TemplateFileScans? files) => HelmTemplateScan.Of(repository.Root, "charts/web", ["clusters/dev/values.yaml"], [], files);

        var run = new TemplateFileScans();
        var first = Scan(run);
        var fresh = Scan(null);
        first.Calls.ShouldBe(fresh.Calls);
        first.Calls.Select(c => (c.At.File, c.At.Line, c.Function)).ShouldBe([("charts/web/templates/secret.yaml", 3, "randAlphaNum"), ("clusters/dev/values.yaml", 1, "now")]);

        repository.Write("charts/web/templates/secret.yaml", "kind: Secret\ndata:\n  token: {{ .Values.token | b64enc }}\n");
        Scan(run).Calls.ShouldBe(first.Calls, "within a run the repository does not change, so the kept scan answers");
        Scan(new TemplateFileScans()).Calls.Select(c => c.Function).ShouldBe(["now"]);
    }
}
