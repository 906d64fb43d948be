using PayRelay.Bench.Http;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>
/// Chart series from the instances' <c>GET /status</c> points, summed over the instances polled in each round:
/// gauges as they were read, cumulative counters as a rate per second between an instance's consecutive polls.
/// A field no instance reported gives an empty series.
/// </summary>
public static class StatusSeries
{
    /// <summary>A gauge (a concurrency limit, attempts in flight) summed over the instances of each round.</summary>
    public static List<(double X, double Y)> Sum(IReadOnlyList<StatusPoint> points, Func<StatusPoint, long?> value)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(value);
        var series = new List<(double, double)>();
        foreach (var round in Rounds(points))
        {
            long total = 0;
            var any = false;
            foreach (var point in round)
            {
                if (value(point) is { } v)
                {
                    total += v;
                    any = true;
                }
            }

            if (any)
            {
                series.Add((round[0].At.TotalSeconds, total));
            }
        }

        return series;
    }

    /// <summary>
    /// A cumulative counter (attempts started, payments confirmed, CPU milliseconds) as its increase per second since
    /// each instance's previous poll, summed over the instances of each round; <paramref name="scale"/> multiplies it.
    /// </summary>
    public static List<(double X, double Y)> Rate(IReadOnlyList<StatusPoint> points, Func<StatusPoint, long?> value, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(value);
        var previous = new Dictionary<string, StatusPoint>(StringComparer.Ordinal);
        var series = new List<(double, double)>();
        foreach (var round in Rounds(points))
        {
            double total = 0;
            var any = false;
            foreach (var point in round)
            {
                if (previous.TryGetValue(point.Instance, out var before) && value(before) is { } from && value(point) is { } to && point.At > before.At)
                {
                    // A counter that went down belongs to an instance that restarted: it counts from zero.
                    total += (to >= from ? to - from : to) / (point.At - before.At).TotalSeconds * scale;
                    any = true;
                }

                previous[point.Instance] = point;
            }

            if (any)
            {
                series.Add((round[0].At.TotalSeconds, total));
            }
        }

        return series;
    }

    public static long? Started(ProcessorStatusSnapshot? processor) => processor?.Started;

    public static long? Confirmed(ProcessorStatusSnapshot? processor) => processor?.Confirmed;

    public static long? Limit(ProcessorStatusSnapshot? processor) => processor?.Limit;

    public static long? InFlight(ProcessorStatusSnapshot? processor) => processor?.InFlight;

    private static IEnumerable<List<StatusPoint>> Rounds(IReadOnlyList<StatusPoint> points) =>
        points.GroupBy(p => p.Round).OrderBy(g => g.Key).Select(g => g.OrderBy(p => p.At).ToList());
}
