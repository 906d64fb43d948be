using System.Globalization;
using PayRelay.Bench.Scenarios;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Run;

/// <summary>
/// The progress line while a run lasts: elapsed time, users, payments per second, the last second's
/// p99, inconsistencies and the backend's queue. On a terminal it rewrites one line each second;
/// into a file or pipe it writes a line every five seconds.
/// </summary>
public sealed class ProgressDisplay(TextWriter output, bool interactive, Scenario scenario, LoadClock clock, RunCounters counters, RequestLog log, Func<long?> queueDepth)
{
    private int _seen;
    private long _lastSucceeded;
    private long _lastFailed;
    private int _ticks;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock.Time, cancellationToken);
                Tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (interactive)
            {
                output.WriteLine();
            }
        }
    }

    /// <summary>Prints a line that stands on its own (a warning) without breaking the progress line.</summary>
    public void Note(string line)
    {
        output.WriteLine(interactive ? "\r" + line.PadRight(120) : line);
    }

    private void Tick()
    {
        var recent = log.CopySince(_seen);
        _seen += recent.Length;
        var latencies = new List<double>(recent.Length);
        foreach (var sample in recent)
        {
            if (sample.Kind == RequestKind.Payment && sample.IsExpected)
            {
                latencies.Add(sample.Duration.TotalMilliseconds);
            }
        }

        var succeeded = counters.Succeeded;
        var failed = counters.Failed;
        var rate = succeeded + failed - _lastSucceeded - _lastFailed;
        _lastSucceeded = succeeded;
        _lastFailed = failed;
        _ticks++;
        if (!interactive && _ticks % 5 != 0)
        {
            return;
        }

        var p99 = latencies.Count > 0 ? Percentile.Of(latencies.ToArray(), 0.99) : 0;
        var queue = queueDepth() is { } depth ? depth.ToString(CultureInfo.InvariantCulture) : "-";
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{clock.Elapsed.TotalSeconds,6:0.0}s/{scenario.Duration.TotalSeconds:0.#}s] users {counters.ActiveUsers,4}  {rate,4} req/s  ok {succeeded,6}  failed {failed,4} (timeouts {counters.TimedOut})  p99 {p99,7:0.00}ms  inconsistencies {counters.Inconsistencies}  queue {queue}");
        output.Write(interactive ? "\r" + line.PadRight(120) : line + Environment.NewLine);
        output.Flush();
    }
}
