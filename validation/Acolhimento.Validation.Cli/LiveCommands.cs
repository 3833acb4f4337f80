using System.CommandLine;
using Acolhimento.Validation.Live;

namespace Acolhimento.Validation.Cli;

/// <summary>Command-line pieces of the live stage, for <c>validate</c> to add next to <c>--stage live</c>.</summary>
public static class LiveCommands
{
    /// <summary><c>--wait</c>: after applying, wait until Deployments, StatefulSets and DaemonSets are ready (their images must be pullable).</summary>
    public static Option<bool> WaitOption() => new("--wait")
    {
        Description = "Live stage: also wait until Deployments, StatefulSets and DaemonSets are ready (needs pullable images).",
    };

    /// <summary>The live stage's settings from the options of <c>validate</c>; the cluster comes from ACOLHIMENTO_KUBECONFIG or Docker.</summary>
    public static LiveOptions Options(string? schemaDirectory, bool wait) => new(schemaDirectory, Wait: wait);
}
