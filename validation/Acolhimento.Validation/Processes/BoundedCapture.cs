using System.Text;
using CliWrap;

namespace Acolhimento.Validation.Processes;

/// <summary>
/// A pipe target that keeps at most a given number of bytes and counts the rest. It keeps reading past the limit, so a
/// tool is never blocked on a full pipe, and stops at cancellation even when a pipe read itself cannot be cancelled
/// (a child left behind can hold the pipe open after the tool exits).
/// </summary>
internal sealed class BoundedCapture(long limitBytes) : PipeTarget
{
    private readonly MemoryStream _kept = new();
    private long _dropped;

    public long DroppedBytes => Interlocked.Read(ref _dropped);

    public override async Task CopyFromAsync(Stream origin, CancellationToken cancellationToken = default)
    {
        // Not pooled: after a cancellation an abandoned read may still complete into it.
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await origin.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken)) > 0)
        {
            lock (_kept)
            {
                var room = (int)Math.Min(read, Math.Max(0, limitBytes - _kept.Length));
                _kept.Write(buffer, 0, room);
                if (room < read) Interlocked.Add(ref _dropped, read - room);
            }
        }
    }

    /// <summary>What was kept so far, as text; safe to call while the copy is still running.</summary>
    public string Text()
    {
        lock (_kept) return Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
    }
}
