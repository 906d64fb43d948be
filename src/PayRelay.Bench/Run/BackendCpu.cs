namespace PayRelay.Bench.Run;

/// <summary>The backend's CPU time over the run, summed over the instances polled, from <c>GET /status</c>.</summary>
public readonly record struct BackendCpu(TimeSpan Cpu, int Instances, long Requests)
{
    /// <summary>The backend's CPU per request it served (payments and summaries); 0 without requests.</summary>
    public double MicrosecondsPerRequest => Requests > 0 ? Cpu.TotalMicroseconds / Requests : 0;

    /// <summary>
    /// Each instance's <c>cpuMilliseconds</c> at its last poll minus at its first, summed; null when no instance
    /// reported it (an older server, or not PayRelay). An instance that restarted meanwhile counts from zero.
    /// </summary>
    public static BackendCpu? From(IReadOnlyList<StatusPoint> points, long requests)
    {
        ArgumentNullException.ThrowIfNull(points);
        long total = 0;
        var instances = 0;
        foreach (var group in points.Where(p => p.CpuMilliseconds.HasValue).GroupBy(p => p.Instance, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(p => p.At).ToList();
            var first = ordered[0].CpuMilliseconds!.Value;
            var last = ordered[^1].CpuMilliseconds!.Value;
            total += last >= first ? last - first : last;
            instances++;
        }

        return instances == 0 ? null : new BackendCpu(TimeSpan.FromMilliseconds(total), instances, requests);
    }
}
