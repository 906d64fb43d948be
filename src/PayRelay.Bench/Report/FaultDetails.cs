using PayRelay.Bench.Http;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Report;

/// <summary>A fault of the run in run.json.</summary>
public sealed record FaultDetail(double AtSeconds, double AppliedAtSeconds, string Instance, string Signal, double? RestartAfterSeconds, string Message);

/// <summary>What happened to a service during the run, in run.json.</summary>
public sealed record StackEventDetail(double AtSeconds, string Service, string Kind, string Detail);

/// <summary>How one class of payments was charged, in run.json.</summary>
public sealed record ChargeTallyDetail(
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
    public static ChargeTallyDetail From(ChargeTally t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Payments, t.NotCharged, t.ChargedOnce, t.ChargedTwice, t.Unknown, t.OnDefault, t.OnFallback, t.FirstNotCharged, t.FirstChargedTwice, t.FirstUnknown);
    }
}

/// <summary>The backend's summary beside the processors', in run.json.</summary>
public sealed record SummaryComparisonDetail(string? From, string? To, SummaryPart? BackendDefault, SummaryPart? BackendFallback, string? BackendPartial, SummaryPart? ProcessorDefault, SummaryPart? ProcessorFallback, bool Equal)
{
    public static SummaryComparisonDetail Of(SummaryComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.From is { } f ? TestClient.IsoUtc(f) : null,
            c.To is { } t ? TestClient.IsoUtc(t) : null,
            c.BackendDefault,
            c.BackendFallback,
            c.BackendPartial,
            c.ProcessorDefault,
            c.ProcessorFallback,
            c.Equal);
    }
}

/// <summary>The charge check in run.json: lost and charged twice first, then the detail.</summary>
public sealed record ChargeCheckDetail(
    long Lost,
    long ChargedTwice,
    bool Clean,
    double SettledSeconds,
    string SettledHow,
    ChargeTallyDetail Accepted,
    ChargeTallyDetail Unanswered,
    ChargeTallyDetail Refused,
    SummaryComparisonDetail AllTime,
    SummaryComparisonDetail RunWindow)
{
    public static ChargeCheckDetail From(ChargeCheck c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Lost,
            c.ChargedTwice,
            c.Clean,
            c.Settled.TotalSeconds,
            c.SettledHow,
            ChargeTallyDetail.From(c.Accepted),
            ChargeTallyDetail.From(c.Unanswered),
            ChargeTallyDetail.From(c.Refused),
            SummaryComparisonDetail.Of(c.AllTime),
            SummaryComparisonDetail.Of(c.RunWindow));
    }
}

/// <summary>Builds the fault parts of run.json.</summary>
public static class FaultDetails
{
    public static IReadOnlyList<FaultDetail>? Faults(BenchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Faults.Count == 0 ? null : outcome.Faults
            .Select(f => new FaultDetail(f.Fault.At.TotalSeconds, f.AppliedAt.TotalSeconds, f.Fault.Instance, f.Fault.Signal, f.Fault.RestartAfter?.TotalSeconds, f.Message))
            .ToList();
    }

    public static IReadOnlyList<StackEventDetail>? Events(BenchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.StackEvents.Count == 0 ? null : outcome.StackEvents.Select(e => new StackEventDetail(e.At.TotalSeconds, e.Service, e.Kind, e.Detail)).ToList();
    }
}
