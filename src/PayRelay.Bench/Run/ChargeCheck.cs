using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>
/// How a set of payments ended up on the processors, each looked up on both: not charged, charged by one, charged
/// by both (never allowed), or unknown (a lookup kept failing); with the first few ids of each bad class.
/// </summary>
public sealed record ChargeTally(
    long Payments,
    long NotCharged,
    long ChargedOnce,
    long ChargedTwice,
    long Unknown,
    long OnDefault,
    long OnFallback,
    IReadOnlyList<Guid> FirstNotCharged,
    IReadOnlyList<Guid> FirstChargedTwice,
    IReadOnlyList<Guid> FirstUnknown)
{
    public static ChargeTally Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, [], [], []);
}

/// <summary>
/// The backend's summary beside the processors' admin summaries over one window (null bounds: unfiltered), with
/// the backend's <c>X-PayRelay-Partial</c> header when it said it could not count a whole peer. A part is null
/// when its summary did not answer 200.
/// </summary>
public sealed record SummaryComparison(
    DateTimeOffset? From,
    DateTimeOffset? To,
    SummaryPart? BackendDefault,
    SummaryPart? BackendFallback,
    string? BackendPartial,
    SummaryPart? ProcessorDefault,
    SummaryPart? ProcessorFallback)
{
    public bool Answered => BackendDefault is not null && BackendFallback is not null && ProcessorDefault is not null && ProcessorFallback is not null;

    /// <summary>Every summary answered and the backend's counts and amounts equal the processors'.</summary>
    public bool Equal => Answered && BackendDefault == ProcessorDefault && BackendFallback == ProcessorFallback;
}

/// <summary>
/// The check at the end of a fault run: every payment looked up on both processors, by how the backend answered it,
/// and the backend's summary against the processors'. An accepted payment that no processor charged is lost; a
/// payment charged by both processors is charged twice, whatever the backend answered.
/// </summary>
public sealed record ChargeCheck
{
    /// <summary>How long the check waited for the backend's backlog before looking.</summary>
    public required TimeSpan Settled { get; init; }

    /// <summary>Why the wait ended.</summary>
    public required string SettledHow { get; init; }

    /// <summary>Payments answered 2xx: each must be charged exactly once.</summary>
    public required ChargeTally Accepted { get; init; }

    /// <summary>Payments without an answer in time: charged once or not at all.</summary>
    public required ChargeTally Unanswered { get; init; }

    /// <summary>Payments answered otherwise: expected never charged, never charged twice.</summary>
    public required ChargeTally Refused { get; init; }

    public required SummaryComparison AllTime { get; init; }

    public required SummaryComparison RunWindow { get; init; }

    /// <summary>Accepted payments no processor charged.</summary>
    public long Lost => Accepted.NotCharged;

    /// <summary>Payments, of any answer, charged by both processors.</summary>
    public long ChargedTwice => Accepted.ChargedTwice + Unanswered.ChargedTwice + Refused.ChargedTwice;

    /// <summary>Nothing lost and nothing charged twice (what <c>--strict</c> demands).</summary>
    public bool Clean => Lost == 0 && ChargedTwice == 0;
}
