using System.CommandLine;

namespace Acolhimento.Validation.Cli;

/// <summary>Command-line pieces of the live stage, for <c>validate</c> to add next to <c>--stage live</c>.</summary>
public static class LiveCommands
{
    /// <summary><c>--wait</c>: after applying, wait until Deployments, StatefulSets and DaemonSets are ready (their images must be pullable).</summary>
    public static Option<bool> WaitOption() => new("--wait")
    {
        Description = "Live stage: also wait until Deployments, StatefulSets and DaemonSets are ready (needs pullable images).",
    };
}
