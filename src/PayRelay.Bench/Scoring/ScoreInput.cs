namespace PayRelay.Bench.Scoring;

/// <summary>The count and sum of payments one processor is credited with.</summary>
public readonly record struct ProcessorTotals(long Requests, decimal Amount);

/// <summary>Everything the official formula needs, as measured by a run.</summary>
public sealed record ScoreInput
{
    /// <summary>POST /payments answered 200, 201, 202 or 204.</summary>
    public required long SucceededPayments { get; init; }

    /// <summary>POST /payments answered anything else, or not within the timeout.</summary>
    public required long FailedPayments { get; init; }

    /// <summary>The money counted for the default processor (the backend's or the processor's summary).</summary>
    public required ProcessorTotals Default { get; init; }

    public required ProcessorTotals Fallback { get; init; }

    /// <summary>The default processor's own <c>feePerTransaction</c>.</summary>
    public required decimal DefaultFeeRate { get; init; }

    public required decimal FallbackFeeRate { get; init; }

    /// <summary>The 99th percentile of every request with an expected response, in milliseconds, unrounded.</summary>
    public required double P99Milliseconds { get; init; }

    /// <summary>The sum the consistency user counted over the run.</summary>
    public required long Inconsistencies { get; init; }

    public required int MaxUsers { get; init; }
}
