using System.Diagnostics.Metrics;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Observability;

namespace PayRelay.Server.Tests.Observability;

public sealed class AttemptMetricsTests
{
    /// <summary>The outcomes issue 18 names, one per way an attempt can end.</summary>
    [Theory]
    [InlineData(AttemptOutcome.Confirmed, "confirmed")]
    [InlineData(AttemptOutcome.AlreadyExists, "already-exists")]
    [InlineData(AttemptOutcome.NotStored, "failed")]
    [InlineData(AttemptOutcome.Unknown, "timeout")]
    [InlineData(AttemptOutcome.Refused, "refused")]
    public void Record_EachOutcome_SecondsTaggedWithProcessorAndOutcome(AttemptOutcome outcome, string label)
    {
        using var meter = new RelayMeter();
        var metrics = new AttemptMetrics(meter);
        var seen = new List<(double Seconds, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => seen.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        metrics.For(ProcessorKind.Fallback).Record(outcome, TimeSpan.FromMilliseconds(250));

        var (seconds, tags) = Assert.Single(seen);
        Assert.Equal(0.25, seconds);
        Assert.Equal("fallback", tags["processor"]);
        Assert.Equal(label, tags["outcome"]);
    }
}
