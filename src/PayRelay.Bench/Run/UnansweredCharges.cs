namespace PayRelay.Bench.Run;

/// <summary>
/// What became of the payments whose POST got no answer within the timeout, looked up on both processors at
/// teardown (<c>GET /payments/{id}</c>). One the backend charged anyway is counted by the backend but not by the
/// client: the official lag (accepted − counted) goes negative by one for each, which disqualifies a run.
/// </summary>
public sealed record UnansweredCharges(int Unanswered, int ByDefault, int ByFallback, int ByBoth, int Unresolved)
{
    public static UnansweredCharges None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Payments charged by at least one processor although their POST got no answer.</summary>
    public int Charged => ByDefault + ByFallback - ByBoth;
}
