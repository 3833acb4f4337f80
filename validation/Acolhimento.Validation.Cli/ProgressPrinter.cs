using Acolhimento.Validation.Pipeline;

namespace Acolhimento.Validation.Cli;

/// <summary>
/// Shows the pipeline's steps on standard error, never on standard output (which may carry JSON, SARIF or annotations).
/// A step is shown once it has run for <paramref name="threshold"/> (quick steps stay silent). On a terminal the
/// current step is one line rewritten in place and cleared at the end; elsewhere (CI logs, files) each shown step is a
/// plain line of its own.
/// </summary>
public sealed class ProgressPrinter(TextWriter stderr, bool terminal, TimeSpan threshold) : IProgress<PipelineStep>, IDisposable
{
    private readonly Lock _gate = new();
    private Timer? _pending;
    private bool _lineShown;
    private int _generation;

    /// <summary>The printer for a real run: a second's grace, terminal mode when standard error is not redirected.</summary>
    public static ProgressPrinter ForConsole(TextWriter stderr) => new(stderr, !Console.IsErrorRedirected, TimeSpan.FromSeconds(1));

    public void Report(PipelineStep value)
    {
        lock (_gate)
        {
            var generation = ++_generation;
            _pending?.Dispose();
            _pending = null;
            if (threshold <= TimeSpan.Zero)
            {
                Show(value);
                return;
            }
            // Only the step still running when the timer fires is shown.
            _pending = new Timer(_ =>
            {
                lock (_gate)
                {
                    if (generation == _generation) Show(value);
                }
            }, null, threshold, Timeout.InfiniteTimeSpan);
        }
    }

    private void Show(PipelineStep step)
    {
        var text = $"{ReportingName}: {step}…";
        if (terminal)
        {
            stderr.Write($"\r\u001b[K{text}");
            _lineShown = true;
        }
        else
        {
            stderr.WriteLine(text);
        }
        stderr.Flush();
    }

    private const string ReportingName = Reporting.ReportContext.ToolName;

    public void Dispose()
    {
        lock (_gate)
        {
            _generation++;
            _pending?.Dispose();
            _pending = null;
            if (_lineShown) stderr.Write("\r\u001b[K");
            _lineShown = false;
            stderr.Flush();
        }
    }
}
