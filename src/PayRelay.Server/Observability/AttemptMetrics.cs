using System.Diagnostics.Metrics;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Observability;

/// <summary>
/// The one instrument recorded per event: each attempt's latency, by processor and outcome, as a histogram. Its count
/// per outcome is the attempt outcome counter too, so an attempt costs one recording. Everything else /metrics shows
/// is read from existing counters when scraped.
/// </summary>
public sealed class AttemptMetrics
{
    /// <summary>From a fast processor's millisecond to past the 10 s client timeout, in seconds.</summary>
    public static readonly IReadOnlyList<double> BucketsSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

    private readonly AttemptRecorder[] _recorders;

    public AttemptMetrics(RelayMeter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var histogram = meter.Meter.CreateHistogram(
            "payrelay.attempt.duration",
            "s",
            "Attempts to post a payment to a processor, by how long they took and their outcome: confirmed (200), already-exists (422), failed (5xx, 429, no connection), timeout (unknown outcome), refused (other 4xx)",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = BucketsSeconds });
        _recorders = [new(histogram, ProcessorKind.Default), new(histogram, ProcessorKind.Fallback)];
    }

    public AttemptRecorder For(ProcessorKind kind) => _recorders[(int)kind];
}

/// <summary>Records one processor's attempts; the tags are built once, so a recording allocates nothing.</summary>
public sealed class AttemptRecorder(Histogram<double> histogram, ProcessorKind kind)
{
    /// <summary>By <see cref="AttemptOutcome"/>'s value.</summary>
    private static readonly KeyValuePair<string, object?>[] Outcomes =
    [
        new("outcome", "confirmed"),
        new("outcome", "already-exists"),
        new("outcome", "failed"),
        new("outcome", "timeout"),
        new("outcome", "refused"),
    ];

    private readonly KeyValuePair<string, object?> _processor = new("processor", ProcessorKinds.Name(kind));

    public void Record(AttemptOutcome outcome, TimeSpan elapsed) => histogram.Record(elapsed.TotalSeconds, _processor, Outcomes[(int)outcome]);
}
