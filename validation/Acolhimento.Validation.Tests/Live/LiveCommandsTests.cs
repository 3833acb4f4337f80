using System.CommandLine;
using Acolhimento.Validation.Cli;
using Acolhimento.Validation.Live;
using Acolhimento.Validation.Processes;
using Acolhimento.Validation.Tests.Support;
using Shouldly;

namespace Acolhimento.Validation.Tests.Live;

[Trait("Category", "Unit")]
public sealed class LiveCommandsTests
{
    [Theory]
    [InlineData("validate --wait", true)]
    [InlineData("validate", false)]
    public void Wait_option_parses(string line, bool expected)
    {
        var wait = LiveCommands.WaitOption();
        var root = new RootCommand { new Command("validate") { wait } };
        var result = root.Parse(line);
        result.Errors.ShouldBeEmpty();
        result.GetValue(wait).ShouldBe(expected);
    }

    [Fact]
    public async Task Validate_stage_live_without_a_cluster_exits_two_with_the_reason()
    {
        SchemaDataSkip.RequireForRender();
        VisibleSkip.When(Environment.GetEnvironmentVariable("ACOLHIMENTO_KUBECONFIG") is { Length: > 0 }, "ACOLHIMENTO_KUBECONFIG names a cluster here");
        VisibleSkip.When(Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS") is { Length: > 0 }, "KUBEBUILDER_ASSETS names envtest binaries here");
        VisibleSkip.When(EnvtestAssets.Find(new Validation.Live.LiveOptions(null)).Assets is not null, "setup-envtest has installed 1.35 binaries here");
        var noDocker = new RecordingProcessRunner(spec => spec.FileName.EndsWith("docker", StringComparison.Ordinal)
            ? new ProcessResult(ProcessOutcome.Exited, 1, "", "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?", TimeSpan.Zero)
            : null);
        var repository = RepositoryLocator.Fixture("Render", "repo");
        var (exit, _, error) = await CliRun.RunAsync(["validate", "--repo", repository, "--stage", "live"], noDocker);
        exit.ShouldBe(CommandLine.CannotValidate);
        error.ShouldStartWith("error: No cluster for the live stage: ACOLHIMENTO_KUBECONFIG is not set, no envtest binaries (KUBEBUILDER_ASSETS is not set and setup-envtest");
        error.ShouldContain("), and no Docker engine answered");
        error.TrimEnd('\n').ShouldNotContain('\n');
    }
}
