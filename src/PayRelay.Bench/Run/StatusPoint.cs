using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>
/// What one server instance said at one moment: its queue, and where it says so its CPU time and each processor's
/// dispatch figures. <see cref="Round"/> numbers the poll rounds, so instances polled in one round add up.
/// </summary>
public sealed record StatusPoint(TimeSpan At, string Instance, long QueueDepth, long InFlight)
{
    public int Round { get; init; }

    /// <summary>The instance's CPU time since it started (<c>cpuMilliseconds</c>), when it reports it.</summary>
    public long? CpuMilliseconds { get; init; }

    public ProcessorStatusSnapshot? Default { get; init; }

    public ProcessorStatusSnapshot? Fallback { get; init; }
}
