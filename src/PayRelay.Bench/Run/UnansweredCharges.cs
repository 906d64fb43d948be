namespace PayRelay.Bench.Run;

/// <summary>
/// What became of the payments whose POST got no answer within the timeout, looked up on both processors at
/// teardown (<c>GET /payments/{id}</c>). One the backend charged anyway is counted by the backend but not by the
/// client: the official lag (accepted − counted) goes negative by one for each, which disqualifies a run.
/// </summary>
public sealed record UnansweredCharges(long Unanswered, long ByDefault, long ByFallback, long ByBoth, long Unresolved)
{
    public static UnansweredCharges None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Payments charged by at least one processor although their POST got no answer.</summary>
    public long Charged => ByDefault + ByFallback - ByBoth;

    /// <summary>The lookups' tally, as the report names it.</summary>
    public static UnansweredCharges From(ChargeTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new UnansweredCharges(tally.Payments, tally.OnDefault, tally.OnFallback, tally.ChargedTwice, tally.Unknown);
    }
}
