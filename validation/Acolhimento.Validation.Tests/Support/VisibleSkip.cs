namespace Acolhimento.Validation.Tests.Support;

/// <summary>
/// Skips a test with its reason also written to the console: at default verbosity <c>dotnet test</c> lists skipped
/// tests without their reasons, and a skip must say why.
/// </summary>
public static class VisibleSkip
{
    public static void When(bool condition, string reason)
    {
        if (!condition) return;
        TestContext.Current.SendDiagnosticMessage("skipped: {0}", reason);
        Assert.Skip(reason);
    }
}
