using Acolhimento.Validation.Kubernetes;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>
/// The one way a test that needs the Kubernetes schema data skips without it: the same sentence everywhere, naming the
/// variable and the command that fills it, never a folder of a particular machine.
/// </summary>
public static class SchemaDataSkip
{
    public static string Reason =>
        $"{SchemaLocator.EnvironmentVariable} is not set: this test needs the Kubernetes schema data (README, \"Two commands on a fresh machine\": point the variable at it, or fill a folder with `schemas pull`)";

    /// <summary>The schema data folder named by the variable; skips the test, with <see cref="Reason"/>, when there is none.</summary>
    public static string RequireDirectory()
    {
        var directory = Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable);
        VisibleSkip.When(string.IsNullOrWhiteSpace(directory), Reason);
        return directory!;
    }

    /// <summary>
    /// Skips a test that renders, when there is no schema data: Helm is told each cluster's API versions, which come from
    /// it (as Argo CD tells Helm the live cluster's), so a render without it stops with exit 2 by design.
    /// </summary>
    public static void RequireForRender() =>
        VisibleSkip.When(string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SchemaLocator.EnvironmentVariable)),
            Reason + "; a render needs it because Helm is told each cluster's API versions from it");
}
