using System.Diagnostics.Metrics;

namespace PayRelay.Server.Observability;

/// <summary>
/// The instance's one <see cref="System.Diagnostics.Metrics.Meter"/>, named <see cref="Name"/>. One per instance rather
/// than a static: tests run two instances in one process, and each one's <c>/metrics</c> reads its own.
/// </summary>
public sealed class RelayMeter : IDisposable
{
    public const string Name = "PayRelay.Server";

    /// <summary>The runtime's own meter (.NET 9+): CPU time, working set, GC counts, heap sizes and pause time.</summary>
    public const string RuntimeName = "System.Runtime";

    public Meter Meter { get; } = new(Name);

    public void Dispose() => Meter.Dispose();
}
