using System.Text.Json;
using Acolhimento.Validation.Configuration;
using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.AnyRepository;

/// <summary>
/// Issue 22 §1: a run that checked nothing is never a pass. A repository of plain per-environment overlays without any
/// Application, a declared cluster whose entry folder renders no object: exit 2 with one sentence saying what was not
/// checked and how to declare it; <c>init</c> says what it found and what the user must decide.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NothingCheckedTests
{
    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";

    /// <summary>Overlays per environment over one base, as many repositories are laid out; no Argo CD object anywhere.</summary>
    private static TempRepository PlainOverlays() => new TempRepository()
        .Write("base/kustomization.yaml", "resources:\n  - configmap.yaml\n")
        .Write("base/configmap.yaml", ConfigMap)
        .Write("overlays/dev/kustomization.yaml", "resources:\n  - ../../base\nnamespace: dev\n")
        .Write("overlays/prod/kustomization.yaml", "resources:\n  - ../../base\nnamespace: prod\n");

    private static async Task<(int Exit, string Reason, int Objects)> ValidateAsync(string root, string stage = "render")
    {
        var run = await CliRun.RunAsync(["validate", "--repo", root, "--stage", stage, "--format", "json"]);
        using var report = JsonDocument.Parse(run.Out);
        var reason = report.RootElement.GetProperty("reason");
        return (run.Exit, reason.ValueKind == JsonValueKind.String ? reason.GetString()! : "", report.RootElement.GetProperty("summary").GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task Plain_overlays_with_no_cluster_declared_exit_two_naming_what_was_not_checked()
    {
        using var repository = PlainOverlays();
        var init = RepositoryInitializer.Generate(ParseStage.Run(RepositoryScanner.Scan(repository.Root)).Repository, ["https://github.com/example/overlays.git"], RepositoryInitializer.NewestKubernetesVersion());
        repository.Write(RepositoryConfiguration.FileName, init.Text);

        var (exit, reason, objects) = await ValidateAsync(repository.Root);

        exit.ShouldBe(2);
        objects.ShouldBe(0);
        reason.ShouldContain("no cluster is declared");
        reason.ShouldContain("base/configmap.yaml"); // the first file that went unchecked, so the user sees what is meant
        reason.ShouldContain("entryPoints");
    }

    [Fact]
    public void Init_never_writes_an_empty_cluster_list_silently()
    {
        using var repository = PlainOverlays();
        var init = RepositoryInitializer.Generate(ParseStage.Run(RepositoryScanner.Scan(repository.Root)).Repository, [], RepositoryInitializer.NewestKubernetesVersion());

        init.EntryPoints.ShouldBeEmpty();
        init.Notes.ShouldContain(n => n.Contains("exits 2", StringComparison.Ordinal) && n.Contains("overlays/dev/, overlays/prod/", StringComparison.Ordinal));
        // The included base is not proposed: only what nothing else includes can be what a cluster applies.
        init.Text.ShouldContain("  #       - overlays/dev  # kustomization\n  #       - overlays/prod  # kustomization\n");
        init.Text.ShouldNotContain("- base");
        init.Text.ShouldContain("nothing is checked (validate exits 2)");
        init.Text.ShouldEndWith(RepositoryInitializer.ToolPins());
    }

    [Fact]
    public async Task Following_inits_proposal_checks_the_overlays()
    {
        using var repository = PlainOverlays();
        var init = RepositoryInitializer.Generate(ParseStage.Run(RepositoryScanner.Scan(repository.Root)).Repository, ["https://github.com/example/overlays.git"], RepositoryInitializer.NewestKubernetesVersion());
        // What the user decides: uncomment the proposal, keeping one overlay per cluster.
        var decided = init.Text.Replace("  clusters: []\n", "", StringComparison.Ordinal)
            .Replace("  # clusters:\n  #   - name: in-cluster\n", "  clusters:\n    - name: dev\n", StringComparison.Ordinal)
            .Replace("  #     kubernetesVersion:", "      kubernetesVersion:", StringComparison.Ordinal)
            .Replace("  #     entryPoints:\n", "      entryPoints:\n", StringComparison.Ordinal)
            .Replace("  #       - overlays/dev  # kustomization\n", "        - overlays/dev\n", StringComparison.Ordinal)
            .Replace("  #       - overlays/prod  # kustomization\n", "", StringComparison.Ordinal);
        repository.Write(RepositoryConfiguration.FileName, decided);

        var run = await CliRun.RunAsync(["validate", "--repo", repository.Root, "--stage", "render", "--format", "text"]);

        run.Exit.ShouldBe(0, run.Out + run.Err);
        run.Out.ShouldNotContain("could not validate");
        run.Out.ShouldContain(" 1 object(s)"); // the overlay's ConfigMap
        run.Out.ShouldContain("overlays/prod/kustomization.yaml:1:1: warning render/dead-configuration"); // the overlay no cluster applies
    }

    [Fact]
    public async Task A_declared_cluster_that_renders_no_object_exits_two()
    {
        using var repository = new SmallRepository();
        File.Delete(Path.Combine(repository.Root, "clusters/one/root.yaml"));
        repository.Write("clusters/one/README.md", "Applied by hand: nothing yet.\n");

        var (exit, reason, objects) = await ValidateAsync(repository.Root);

        exit.ShouldBe(2);
        objects.ShouldBe(0);
        reason.ShouldStartWith("cluster one rendered no object, so nothing of it was checked");
    }

    [Fact]
    public async Task An_empty_repository_has_nothing_to_check_and_says_nothing_of_it()
    {
        using var repository = new SmallRepository();
        File.Delete(Path.Combine(repository.Root, "clusters/one/root.yaml"));
        Directory.Delete(Path.Combine(repository.Root, "clusters"), recursive: true);
        File.WriteAllText(Path.Combine(repository.Root, RepositoryConfiguration.FileName),
            File.ReadAllText(Path.Combine(repository.Root, RepositoryConfiguration.FileName)).Replace("  clusters:\n    - name: one\n      kubernetesVersion: \"1.35\"\n", "  clusters: []\n", StringComparison.Ordinal));

        var (exit, reason, _) = await ValidateAsync(repository.Root);

        (exit, reason).ShouldBe((0, ""));
    }
}
