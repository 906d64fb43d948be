namespace PayRelay.Bench.Scoring;

/// <summary>Percentiles as k6's trend metrics compute them: linear interpolation between sorted samples.</summary>
public static class Percentile
{
    /// <summary>The <paramref name="fraction"/> percentile (0.99 for p99) of samples already sorted ascending; 0 when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var position = fraction * (sorted.Length - 1);
        var lower = (int)position;
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return sorted[lower] + ((sorted[lower + 1] - sorted[lower]) * (position - lower));
    }

    /// <summary>Sorts a copy of <paramref name="samples"/> and takes the percentile.</summary>
    public static double Of(ReadOnlySpan<double> samples, double fraction)
    {
        var copy = samples.ToArray();
        Array.Sort(copy);
        return OfSorted(copy, fraction);
    }
}
