using PayRelay.Bench.Run;
using PayRelay.Bench.Scoring;

namespace PayRelay.Bench.Report;

/// <summary>One second of the run as the report plots it.</summary>
public sealed record SecondStats(int Second, int Succeeded, int Failed, int TimedOut, int OtherRequests, double P50, double P90, double P99, double Max);

/// <summary>Buckets the run's requests by the second they started in.</summary>
public static class Timeline
{
    public static IReadOnlyList<SecondStats> PerSecond(RequestSample[] samples, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds) + 2);
        var latencies = new List<double>[seconds];
        var ok = new int[seconds];
        var failed = new int[seconds];
        var timedOut = new int[seconds];
        var other = new int[seconds];
        foreach (var sample in samples)
        {
            var s = (int)Math.Floor(sample.Start.TotalSeconds);
            if (s < 0 || s >= seconds)
            {
                continue;
            }

            if (sample.Kind != RequestKind.Payment)
            {
                other[s]++;
                continue;
            }

            if (sample.Status is 200 or 201 or 202 or 204)
            {
                ok[s]++;
            }
            else
            {
                failed[s]++;
                timedOut[s] += sample.Status == 0 ? 1 : 0;
            }

            if (sample.IsExpected)
            {
                (latencies[s] ??= []).Add(sample.Duration.TotalMilliseconds);
            }
        }

        var result = new SecondStats[seconds];
        for (var s = 0; s < seconds; s++)
        {
            var sorted = latencies[s]?.ToArray() ?? [];
            Array.Sort(sorted);
            result[s] = new SecondStats(
                s,
                ok[s],
                failed[s],
                timedOut[s],
                other[s],
                Percentile.OfSorted(sorted, 0.50),
                Percentile.OfSorted(sorted, 0.90),
                Percentile.OfSorted(sorted, 0.99),
                sorted.Length > 0 ? sorted[^1] : 0);
        }

        return result;
    }
}
