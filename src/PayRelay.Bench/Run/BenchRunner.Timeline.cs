namespace PayRelay.Bench.Run;

public sealed partial class BenchRunner
{
    /// <summary>
    /// After the run, asks each processor for every second of the run ([s, s + 999 ms], by the
    /// requestedAt the backend sent) to plot payments per processor per second. Done once the test
    /// is over, so it costs the measured system nothing during the test and is not in p99.
    /// </summary>
    private async Task<IReadOnlyList<ProcessorSecond>> CollectProcessorSecondsAsync(TestClient client, LoadClock clock, CancellationToken cancellationToken)
    {
        var seconds = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        var points = new List<ProcessorSecond>(seconds);
        for (var s = 0; s < seconds; s++)
        {
            var from = clock.StartedAt + TimeSpan.FromSeconds(s);
            var to = from + TimeSpan.FromMilliseconds(999);
            var d = await client.GetProcessorSummaryAsync(ProcessorRole.Default, from, to, cancellationToken, record: false);
            var f = await client.GetProcessorSummaryAsync(ProcessorRole.Fallback, from, to, cancellationToken, record: false);
            if (d.Status != 200 || f.Status != 200)
            {
                Warn("the processors' per-second summaries are incomplete: the report's processor chart stops at second " + s);
                break;
            }

            points.Add(new ProcessorSecond(s, d.Body?.TotalRequests ?? 0, f.Body?.TotalRequests ?? 0));
        }

        return points;
    }
}
