using Acolhimento.Validation.Discovery;
using Acolhimento.Validation.Findings;
using Acolhimento.Validation.Parsing;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Render;
using Acolhimento.Validation.Tests.Discovery;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Render;

/// <summary>
/// The render stage on a pull request whose tree is hostile: no tool is handed a folder holding a link out of the
/// repository, a loop or a FIFO (the source is not rendered, with a finding at the entry); the render cache's key covers
/// every file a tool reads; the temporary workspace is gone after an exception or a cancellation.
/// </summary>
[Trait("Category", "Unit")]
public sealed class UntrustedTreeTests
{
    [Theory]
    [InlineData("link to /etc/hostname", "apps/web/leak.yaml", "/etc/hostname")]
    [InlineData("link to a folder outside", "apps/web/outside", "/etc")]
    [InlineData("loop", "apps/web/loop", "loop")]
    public async Task A_kustomization_folder_holding_a_hostile_link_is_not_handed_to_kubectl(string what, string link, string target)
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the links are built with Linux paths");
        using var fixture = new RenderFixture();
        HostileEntries.Link(fixture.Repository.Root, link, target);
        var runner = new RecordingRunner();

        var (_, render) = await fixture.ParseAndRenderAsync(runner);

        var refused = render.Errors().Where(f => f.Rule == RenderRules.InputRefused && f.Location?.File == link).ToList();
        refused.ShouldNotBeEmpty($"{what}: {render.Findings.Describe()}");
        refused[0].Message.ShouldContain("not handed to kubectl");
        runner.Calls.ShouldNotContain(c => c.Arguments.Contains("kustomize"), what);
        render.FailedClusters.Keys.ShouldContain("one");
    }

    [Fact]
    public async Task A_fifo_in_a_kustomization_folder_neither_hangs_nor_reaches_kubectl()
    {
        using var fixture = new RenderFixture();
        if (!HostileEntries.TryMakeFifo(Path.Combine(fixture.Repository.Root, "apps/web/pipe.yaml"), out var why)) Assert.Skip(why);
        var runner = new RecordingRunner();
        var (parse, render) = await fixture.ParseAndRenderAsync(runner);
        parse.ShouldHaveSingle(RepositoryScanner.SpecialFile).Location!.File.ShouldBe("apps/web/pipe.yaml");
        render.Errors().ShouldContain(f => f.Rule == RenderRules.InputRefused && f.Location!.File == "apps/web/pipe.yaml");
        runner.Calls.ShouldNotContain(c => c.Arguments.Contains("kustomize"));
    }

    [Fact]
    public async Task A_chart_holding_a_link_out_is_not_handed_to_helm()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the link is built with a Linux path");
        using var fixture = new RenderFixture();
        HostileEntries.Link(fixture.Repository.Root, "charts/apps/templates/leak.yaml", "/etc/hostname");
        var runner = new RecordingRunner();
        var (_, render) = await fixture.ParseAndRenderAsync(runner);
        render.Errors().ShouldContain(f => f.Rule == RenderRules.InputRefused && f.Message.Contains("charts/apps/templates/leak.yaml"), render.Findings.Describe());
        runner.Calls.ShouldNotContain(c => c.Arguments.Contains("template"));
    }

    [Theory]
    [InlineData("plain/leak.json", "/etc/hostname")]
    [InlineData("plain/sub", "/etc")]
    [InlineData("plain/loop.yaml", "loop.yaml")]
    public async Task A_directory_source_holding_a_hostile_link_is_not_rendered(string link, string target)
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the links are built with Linux paths");
        using var fixture = new RenderFixture();
        HostileEntries.Link(fixture.Repository.Root, link, target);
        var (_, render) = await fixture.ParseAndRenderAsync();
        render.Errors().ShouldContain(f => f.Rule == RenderRules.InputRefused && f.Application == "extras" && f.Message.Contains(link), render.Findings.Describe());
        render.Clusters.SelectMany(c => c.Objects).ShouldNotContain(o => o.Application == "extras" && o.Provenance.Origin.File.StartsWith("plain/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_source_path_through_a_link_out_of_the_repository_is_not_rendered()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the link is built with a Linux path");
        using var fixture = new RenderFixture();
        using var outside = new TempRepository().Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: outside\n");
        HostileEntries.Link(fixture.Repository.Root, "plain-elsewhere", outside.Root);
        fixture.Write("charts/apps/templates/extras.yaml", File.ReadAllText(Path.Combine(fixture.Repository.Root, "charts/apps/templates/extras.yaml"))
            .Replace("path: plain\n", "path: plain-elsewhere\n", StringComparison.Ordinal));
        var (_, render) = await fixture.ParseAndRenderAsync();
        render.Errors().ShouldContain(f => f.Rule == RenderRules.InputRefused && f.Application == "extras" && f.Message.Contains("plain-elsewhere"), render.Findings.Describe());
        render.Clusters.SelectMany(c => c.Objects).ShouldNotContain(o => o.Name == "outside");
    }

    [Fact]
    public async Task A_value_file_linked_out_of_the_repository_is_refused()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("the link is built with a Linux path");
        using var fixture = new RenderFixture();
        using var outside = new TempRepository().Write("values.yaml", "environment: one\n");
        File.Delete(Path.Combine(fixture.Repository.Root, "clusters/one/values.yaml"));
        HostileEntries.Link(fixture.Repository.Root, "clusters/one/values.yaml", Path.Combine(outside.Root, "values.yaml"));
        var runner = new RecordingRunner();
        var (_, render) = await fixture.ParseAndRenderAsync(runner);
        render.Errors().ShouldContain(f => f.Message.Contains("clusters/one/values.yaml") && f.Location!.File == "clusters/one/root.yaml", render.Findings.Describe());
        runner.Calls.ShouldNotContain(c => c.Arguments.Contains("template"));
    }

    [Theory]
    [InlineData("validation/one-values.yaml")]
    [InlineData("validation/Some.Project/bin/Debug/one-values.yaml")] // build output: out of the repository fingerprint, in the Helm key
    public async Task Changing_a_value_file_under_the_harness_folders_renders_again(string valueFile)
    {
        // The harness's own folders (validation/, policy/, …) were left out of the cache key, yet a value file may name any file of the repository.
        using var fixture = new RenderFixture();
        fixture.Write(valueFile, "environment: one\ningressNginxVersion: \"1.0.0\"\n");
        fixture.Write("clusters/one/root.yaml", File.ReadAllText(Path.Combine(fixture.Repository.Root, "clusters/one/root.yaml"))
            .Replace("$values/clusters/one/values.yaml", "$values/" + valueFile, StringComparison.Ordinal));
        var first = await fixture.RenderAsync();
        first.Findings.Where(f => f.Severity == Severity.Error).ShouldBeEmpty(first.Findings.Describe());
        Version(first).ShouldBe("1.0.0");

        fixture.Write(valueFile, "environment: one\ningressNginxVersion: \"2.0.0\"\n");
        Version(await fixture.RenderAsync()).ShouldBe("2.0.0");

        static string? Version(RenderResult result) => result.Object("Application", "ingress-nginx").Body.Mapping("spec")?.Mapping("source")?.String("targetRevision");
    }

    [Fact]
    public async Task The_workspace_is_removed_when_the_tool_run_throws()
    {
        using var fixture = new RenderFixture();
        var runner = new RecordingRunner(spec => spec.Arguments.Contains("kustomize") ? throw new InvalidDataException("the tool runner broke") : null);
        try
        {
            await fixture.ParseAndRenderAsync(runner); // whether the failure is thrown or turned into a finding, the workspace goes
        }
        catch (InvalidDataException)
        {
        }
        var workspace = runner.KustomizeFolders().ShouldHaveSingleItem();
        Directory.Exists(WorkspaceRoot(workspace)).ShouldBeFalse();
    }

    [Fact]
    public async Task The_workspace_is_removed_when_the_render_is_cancelled()
    {
        using var fixture = new RenderFixture();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var started = new TaskCompletionSource();
        var runner = new RecordingRunner(async (spec, ct) =>
        {
            if (!spec.Arguments.Contains("kustomize")) return null;
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // a tool that never finishes on its own
            return null;
        });
        using var cache = new TempRepository();
        var input = Validation.Pipeline.RepositoryInput.Read(fixture.Repository.Root);
        var render = TestPipeline.Create(cache.Root, runner).RenderAsync(input, [], cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var workspace = WorkspaceRoot(runner.KustomizeFolders().ShouldHaveSingleItem());
        Directory.Exists(workspace).ShouldBeTrue();
        await cancel.CancelAsync();
        var cancelled = false;
        try
        {
            await render;
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }
        cancelled.ShouldBeTrue();
        Directory.Exists(workspace).ShouldBeFalse();
    }

    [Fact]
    public void A_failed_workspace_copy_leaves_nothing_behind()
    {
        using var fixture = new RenderFixture();
        using var parent = new TempRepository();
        var parsed = Validation.Pipeline.RepositoryInput.Read(fixture.Repository.Root).Repository;
        Should.Throw<InvalidOperationException>(() => RenderWorkspace.Create(parsed, "overlays/one", _ => throw new InvalidOperationException("options could not be applied"), parent.Root));
        Directory.EnumerateFileSystemEntries(parent.Root).ShouldBeEmpty();
    }

    /// <summary>The workspace folder a kustomize run was handed (its argument is a folder inside it).</summary>
    private static string WorkspaceRoot(string kustomizeFolder)
    {
        var temp = Path.GetTempPath();
        var relative = Path.GetRelativePath(temp, kustomizeFolder);
        return Path.Combine(temp, relative.Split(Path.DirectorySeparatorChar)[0]);
    }
}

/// <summary>Runs tools for real and records every run; a hook may answer (or throw, or wait) instead.</summary>
internal sealed class RecordingRunner(Func<ProcessSpec, CancellationToken, Task<ProcessResult?>>? hook = null) : IProcessRunner
{
    private readonly ProcessRunner _real = new();
    private readonly List<ProcessSpec> _calls = [];

    public RecordingRunner(Func<ProcessSpec, ProcessResult?> hook) : this((spec, _) => Task.FromResult(hook(spec)))
    {
    }

    public IReadOnlyList<ProcessSpec> Calls
    {
        get
        {
            lock (_calls) return _calls.ToList();
        }
    }

    /// <summary>The folders kustomize runs were handed.</summary>
    public IEnumerable<string> KustomizeFolders() => Calls.Where(c => c.Arguments.Contains("kustomize")).Select(c => c.Arguments[c.Arguments.ToList().IndexOf("kustomize") + 1]);

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        lock (_calls) _calls.Add(spec);
        return (hook is null ? null : await hook(spec, cancellationToken)) ?? await _real.RunAsync(spec, cancellationToken);
    }
}
