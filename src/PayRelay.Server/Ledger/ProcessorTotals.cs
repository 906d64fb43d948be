namespace PayRelay.Server.Ledger;

/// <summary>Confirmed payments of one processor within a range.</summary>
public readonly record struct ProcessorTotals(long TotalRequests, long TotalCents)
{
    public static ProcessorTotals operator +(ProcessorTotals a, ProcessorTotals b) =>
        new(a.TotalRequests + b.TotalRequests, a.TotalCents + b.TotalCents);
}

/// <summary>The summary of both processors, as <c>GET /payments-summary</c> reports it.</summary>
public readonly record struct LedgerSummary(ProcessorTotals Default, ProcessorTotals Fallback)
{
    public static LedgerSummary operator +(LedgerSummary a, LedgerSummary b) =>
        new(a.Default + b.Default, a.Fallback + b.Fallback);
}
