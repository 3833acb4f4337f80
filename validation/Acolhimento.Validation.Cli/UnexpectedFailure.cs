using Acolhimento.Validation.Findings;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// An exception no stage expected is still an answer, never a stack trace with no report: exit 2, the reports written
/// saying that nothing was judged, and one line naming the exception and where it was thrown, so it can be reported.
/// </summary>
internal static class UnexpectedFailure
{
    /// <summary>True for an exception that is neither the library's "cannot validate" nor a cancellation the user asked for.</summary>
    public static bool IsUnexpected(Exception exception) => exception is not (CannotValidateException or OperationCanceledException);

    /// <summary>The reason a run ends with: the library's own for <see cref="CannotValidateException"/>, else one naming the unexpected exception.</summary>
    public static string Reason(Exception exception) => exception is CannotValidateException
        ? exception.Message
        : $"the gate failed unexpectedly and judged nothing: {exception.GetType().Name}: {OneLine(exception.Message)}{Where(exception)}; this is a defect of the gate, please report it";

    private static string Where(Exception exception)
    {
        var frame = new System.Diagnostics.StackTrace(exception, fNeedFileInfo: false).GetFrames()
            .Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("Acolhimento", StringComparison.Ordinal) == true);
        return frame is null ? "" : $" (in {frame.DeclaringType!.Name}.{frame.Name})";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
