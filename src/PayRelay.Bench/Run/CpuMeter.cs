namespace PayRelay.Bench.Run;

/// <summary>The load generator's CPU use over a stretch of wall time, and the part of it its ballast burned on purpose.</summary>
public readonly record struct CpuUse(TimeSpan Cpu, TimeSpan Wall, long Requests)
{
    /// <summary>What <see cref="CpuBallast"/> burned to make the generator cost what k6 costs; part of <see cref="Cpu"/>.</summary>
    public TimeSpan Ballast { get; init; }

    /// <summary>CPU time over wall time: 0.25 is a quarter of one core.</summary>
    public double CoresUsed => Wall > TimeSpan.Zero ? Cpu / Wall : 0;

    public double MicrosecondsPerRequest => Requests > 0 ? Cpu.TotalMicroseconds / Requests : 0;

    /// <summary>The generator's own cost per request, without the ballast.</summary>
    public double OwnMicrosecondsPerRequest => Requests > 0 ? (Cpu - Ballast).TotalMicroseconds / Requests : 0;
}

/// <summary>Measures this process's CPU time (every thread) against the wall clock.</summary>
public sealed class CpuMeter(TimeProvider time)
{
    private TimeSpan _cpuAtStart;
    private long _wallAtStart;

    public void Start()
    {
        _cpuAtStart = ProcessCpu();
        _wallAtStart = time.GetTimestamp();
    }

    public CpuUse Stop(long requests) => new(ProcessCpu() - _cpuAtStart, time.GetElapsedTime(_wallAtStart), requests);

    private static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime;
}
