using System.Diagnostics;

namespace Acolhimento.Validation.Tests.Support;

/// <summary>How much memory an action took at its worst, measured in this process while it ran.</summary>
public sealed record MemoryPeak(long ManagedBytes, long WorkingSetBytes)
{
    public const long MiB = 1024 * 1024;

    public override string ToString() => $"managed heap +{ManagedBytes / MiB} MiB, working set +{WorkingSetBytes / MiB} MiB";
}

/// <summary>
/// Samples the managed heap and the process working set every few milliseconds while an action runs and reports the
/// largest growth over the level before it. Tests using it run in <see cref="MemoryMeasuredCollection"/>, alone, so
/// no other test's allocations are counted.
/// </summary>
public static class PeakMemory
{
    public static async Task<MemoryPeak> MeasureAsync(Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        var workingSetBefore = process.WorkingSet64;
        long heapPeak = heapBefore, workingSetPeak = workingSetBefore;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                process.Refresh();
                workingSetPeak = Math.Max(workingSetPeak, process.WorkingSet64);
                try { await Task.Delay(5, stop.Token); } catch (OperationCanceledException) { }
            }
        });
        try
        {
            await action();
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }
        heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
        return new MemoryPeak(heapPeak - heapBefore, Math.Max(0, workingSetPeak - workingSetBefore));
    }
}

/// <summary>Tests that measure memory run one at a time, after the parallel ones.</summary>
[CollectionDefinition(nameof(MemoryMeasuredCollection), DisableParallelization = true)]
public sealed class MemoryMeasuredCollection;
