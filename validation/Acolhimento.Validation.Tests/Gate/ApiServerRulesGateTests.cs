using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Kubernetes;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Schema;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Gate;

/// <summary>
/// What the API server refuses in its validation code, planted in a copy of this repository: each defect comes back as
/// exactly its rule at the line that was edited (in every cluster that renders it), and nothing else is reported. All
/// defects sit in different objects, so one copy and one render serve them all.
/// </summary>
[Trait("Category", "Gate")]
public sealed class ApiServerRulesGateTests
{
    /// <summary>One edit: in <paramref name="File"/>, the text <paramref name="Original"/> (unique there) becomes <paramref name="Planted"/>, which the API server refuses with <paramref name="Rule"/> at <paramref name="Line"/>.</summary>
    public sealed record Defect(string File, string Original, string Planted, string Rule, int Line);

    public static readonly IReadOnlyList<Defect> Defects =
    [
        new("apps/api/service.yaml", "      protocol: TCP\n", "      protocol: tcp\n", SchemaRules.Enum, 16),
        new("apps/api/horizontalpodautoscaler.yaml", "          type: Utilization\n          averageUtilization: 70\n", "          type: Utilisation\n          averageUtilization: 70\n", SchemaRules.Enum, 21),
        new("apps/api/deployment.yaml", "    type: RollingUpdate\n", "    type: Rolling\n", SchemaRules.Enum, 17),
        new("apps/backup/cronjob.yaml", "          restartPolicy: Never\n", "          restartPolicy: Always\n", SchemaRules.Enum, 29),
        new("apps/backup/cronjob.yaml", "  schedule: \"0 2 * * *\"\n", "  schedule: \"0 25 * * *\"\n", SchemaRules.CronSchedule, 10),
        new("apps/backup/cronjob.yaml", "  timeZone: America/Sao_Paulo\n", "  timeZone: America/Sao_Paolo\n", SchemaRules.TimeZone, 11),
        new("apps/api/deployment.yaml", "              memory: 256Mi\n", "              memroy: 256Mi\n", SchemaRules.ResourceName, 87),
        new("apps/postgresql/statefulset.yaml", "            storage: 10Gi\n", "            storag: 10Gi\n", SchemaRules.VolumeClaim, 99),
        // A pod template's label (a claim template's labels the API server does not validate: oracle cases accept them).
        new("apps/postgresql/statefulset.yaml", "        app.kubernetes.io/name: postgresql\n    spec:\n", "        app.kubernetes.io/name: postgresql\n        \"app.kubernetes.io/part of\": db\n    spec:\n", SchemaRules.InvalidLabel, 19),
        new("apps/monitoring/configmap-grafana-dashboard.yaml", "\ndata:\n  # One dashboard", "\ndata:\n  padding: " + new string('x', 1024 * 1024) + "\n  # One dashboard", SchemaRules.ObjectSize, 10),
    ];

    [Fact]
    public async Task Each_planted_defect_is_its_rule_at_its_line_and_nothing_else()
    {
        var schemas = SchemaStage.Create(SchemaDataSkip.RequireDirectory());
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        foreach (var defect in Defects)
        {
            var path = Path.Combine(copy.Root, defect.File);
            var text = File.ReadAllText(path);
            var at = text.IndexOf(defect.Original, StringComparison.Ordinal);
            at.ShouldBeGreaterThanOrEqualTo(0, $"{defect.File} no longer contains the text this test edits");
            text.IndexOf(defect.Original, at + 1, StringComparison.Ordinal).ShouldBe(-1, $"{defect.File} contains the edited text twice");
            File.WriteAllText(path, text[..at] + defect.Planted + text[(at + defect.Original.Length)..]);
        }
        using var cache = new TempRepository();
        var (_, render) = await TestPipeline.RenderAsync(copy.Root, cache.Root);
        render.Findings.ShouldHaveNoErrors();
        var errors = schemas.Run(render.Clusters).Where(f => f.Severity == Severity.Error).ToList();
        foreach (var defect in Defects)
        {
            errors.ShouldContain(f => f.Rule == defect.Rule && f.Location!.File == defect.File && f.Location.Line == defect.Line,
                $"{defect.File}:{defect.Line}: {defect.Rule} was not reported; errors:\n{errors.Describe()}");
        }
        var unexpected = errors.Where(f => !Defects.Any(d => f.Rule == d.Rule && f.Location?.File == d.File && f.Location.Line == d.Line)).ToList();
        unexpected.ShouldBeEmpty(unexpected.Describe());
    }
}
