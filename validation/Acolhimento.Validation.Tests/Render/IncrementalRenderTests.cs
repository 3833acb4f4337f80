using Acolhimento.Validation.Pipeline;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// Only what changed is rendered again: each source's render is keyed by the files it reads (RenderInputDigest), so an
/// edit re-runs only the tools of the sources that read the edited file, and a warm run always judges exactly what a
/// cold one does.
/// </summary>
[Trait("Category", "Unit")]
public sealed class IncrementalRenderTests
{
    private static List<string> Renders(RecordingProcessRunner runner) => runner.Started
        .Where(s => s.Arguments.FirstOrDefault() is "template" or "kustomize")
        .Select(s => s.Arguments[0] + " " + Path.GetFileName(s.Arguments.First(a => Path.IsPathRooted(a) && !a.EndsWith(".yaml", StringComparison.Ordinal)).TrimEnd('/')))
        .Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> RendersAfter(RenderFixture fixture, string file, Func<string, string> edit)
    {
        var path = Path.Combine(fixture.Repository.Root, file);
        fixture.Write(file, edit(File.Exists(path) ? File.ReadAllText(path) : ""));
        var runner = new RecordingProcessRunner();
        await fixture.RenderAsync(runner);
        return Renders(runner);
    }

    [Fact]
    public async Task An_edit_renders_again_only_the_sources_that_read_the_edited_file()
    {
        using var fixture = new RenderFixture();
        var cold = new RecordingProcessRunner();
        await fixture.RenderAsync(cold);
        Renders(cold).ShouldBe(["kustomize one", "template apps", "template config"]);

        (await RendersAfter(fixture, "plain/configmap.yaml", t => t + "# a comment\n")).ShouldBeEmpty("a directory source runs no tool, and no tool reads it");
        (await RendersAfter(fixture, "charts/config/values.yaml", t => t + "# a comment\n")).ShouldBe(["template config"]);
        (await RendersAfter(fixture, "apps/web/deployment.yaml", t => t + "# a comment\n")).ShouldBe(["kustomize one"]);
        (await RendersAfter(fixture, "clusters/one/values.yaml", t => t + "# a comment\n")).ShouldBe(["template apps"]);
        (await RendersAfter(fixture, "overlays/one/unreferenced.yaml", _ => "kind: ConfigMap\n")).ShouldBe(["kustomize one"], "Kustomize may open any file under its root");
    }
}

/// <summary>
/// Soundness of the incremental render on this repository: a seeded sequence of random edits — planted defects, their
/// reverts, comments, files added — where after every step a run on a warm cache (kept across the steps) reports exactly
/// what a cold run (a cache of its own) reports. A key that missed an input would show here as a stale pass.
/// </summary>
[Trait("Category", "Gate")]
public sealed class IncrementalRenderSoundnessTests
{
    private sealed record Edit(string File, string Original, string Changed);

    /// <summary>Edits across every kind of input: a base, an overlay, a chart template, chart and cluster values, a file added under a kustomization root.</summary>
    private static readonly Edit[] Edits =
    [
        new("apps/api/service.yaml", "    app.kubernetes.io/name: api\n", "    app.kubernetes.io/name: apj\n"),
        new("overlays/staging/kustomization.yaml", "    newTag: 1.4.0\n", "    newTag: latest\n"),
        new("apps/api/deployment.yaml", "            allowPrivilegeEscalation: false\n", "            allowPrivilegeEscalation: false\n            privileged: true\n"),
        new("clusters/dev/values.yaml", "environment: dev\n", "environment: dev\n# a comment only\n"),
        new("clusters/production/values.yaml", "environment: production\n", "environment: staging\n"),
        new("charts/platform-config/templates/clustersecretstore.yaml", "kind: ClusterSecretStore\n", "kind: ClusterSecretStore\n# a comment only\n"),
        new("charts/acolhimento-apps/templates/application-environment.yaml", "    path: overlays/{{ .Values.environment }}\n", "    path: overlays/{{ .Values.environment }}-missing\n"),
        new("apps/namespace/namespace.yaml", "    pod-security.kubernetes.io/enforce: restricted\n", "    pod-security.kubernetes.io/enforce: privileged\n"),
        new("overlays/dev/extra-unreferenced.yaml", "", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Valid_Name\n"),
    ];

    [Fact]
    public async Task Warm_incremental_runs_report_exactly_what_cold_runs_report()
    {
        using var copy = new TempRepository().CopyFrom(RepositoryLocator.Root);
        using var warmCache = new TempRepository();
        foreach (var edit in Edits.Where(e => e.Original.Length > 0))
            File.ReadAllText(Path.Combine(copy.Root, edit.File)).ShouldContain(edit.Original, Case.Sensitive, $"{edit.File} no longer holds the text this test edits");
        await Report(copy.Root, warmCache.Root); // warms the cache on the unchanged repository

        var random = new Random(24);
        var applied = new HashSet<Edit>();
        for (var step = 0; step < 4; step++)
        {
            var done = new List<string>();
            for (var n = random.Next(1, 3); n > 0; n--)
            {
                var edit = Edits[random.Next(Edits.Length)];
                var apply = !applied.Remove(edit);
                if (apply) applied.Add(edit);
                Toggle(copy.Root, edit, apply);
                done.Add((apply ? "+ " : "- ") + edit.File);
            }
            using var coldCache = new TempRepository();
            var warm = await Report(copy.Root, warmCache.Root);
            var cold = await Report(copy.Root, coldCache.Root);
            warm.ShouldBe(cold, $"step {step} ({string.Join(", ", done)}): the warm run differs from a cold one");
        }
    }

    private static void Toggle(string root, Edit edit, bool apply)
    {
        var path = Path.Combine(root, edit.File);
        if (edit.Original.Length == 0)
        {
            if (apply) File.WriteAllText(path, edit.Changed);
            else File.Delete(path);
            return;
        }
        var text = File.ReadAllText(path);
        File.WriteAllText(path, apply ? text.Replace(edit.Original, edit.Changed, StringComparison.Ordinal) : text.Replace(edit.Changed, edit.Original, StringComparison.Ordinal));
    }

    /// <summary>The whole offline gate's findings and counts, in a form compared line by line.</summary>
    private static async Task<List<string>> Report(string root, string cacheRoot)
    {
        var report = await TestPipeline.Create(cacheRoot, new ProcessRunner()).RunAsync(new ValidationRequest(root, [], []), TestContext.Current.CancellationToken);
        var summary = report.Summary;
        return [$"files {summary.Files}, documents {summary.Documents}, objects {summary.Objects}",
            .. report.Findings.Select(f => $"{f.Severity} {f.Location} {f.Rule} {f.Cluster} {f.Application} {f.Object} {f.Path} {f.Waiver}: {f.Message}")];
    }
}
