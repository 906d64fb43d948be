namespace PayRelay.Bench.Scoring;

/// <summary>The outcome of the official formula, every amount exact.</summary>
public sealed record Score
{
    /// <summary>The score: (gross - fees) × (1 + bonus - fine).</summary>
    public required decimal NetTotal { get; init; }

    public required decimal GrossTotal { get; init; }

    public required decimal FeeTotal { get; init; }

    public required decimal DefaultFee { get; init; }

    public required decimal FallbackFee { get; init; }

    /// <summary>p99 in milliseconds, rounded half-up to 2 decimals.</summary>
    public required decimal P99 { get; init; }

    /// <summary>The bonus fraction (0.20 at most in practice), rounded half-up to 2 decimals, never negative.</summary>
    public required decimal Bonus { get; init; }

    /// <summary>0.35 when any inconsistency was counted, else 0.</summary>
    public required decimal FineRate { get; init; }

    public required decimal FineTotal { get; init; }

    /// <summary>Accepted POSTs minus payments counted: positive is money still queued.</summary>
    public required long Lag { get; init; }

    /// <summary>The payments counted at teardown (both processors).</summary>
    public required long CountedRequests { get; init; }

    /// <summary>More payments counted than requested: the official run disqualifies the backend.</summary>
    public bool Disqualified => Lag < 0;
}
