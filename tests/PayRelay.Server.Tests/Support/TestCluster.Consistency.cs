using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Support;

public sealed partial class TestCluster
{
    public static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Nothing pending or in flight on the running instances, and no call running at the processors.</summary>
    public bool IsIdle()
    {
        for (var i = 0; i < Count; i++)
        {
            if (_instances[i] is { } host && host.Get<Dispatcher>() is var dispatcher && dispatcher.Pending + dispatcher.InFlight > 0)
            {
                return false;
            }
        }

        return Default.State.PaymentsInFlight + Default.State.PaymentsQueued + Fallback.State.PaymentsInFlight + Fallback.State.PaymentsQueued == 0;
    }

    /// <summary>Payments the running instances hold: queued, waiting for a retry, or in an attempt.</summary>
    public int Held() => Enumerable.Range(0, Count).Where(IsRunning).Sum(i => Instance(i).Get<Dispatcher>() is var d ? d.Pending + d.InFlight : 0);

    /// <summary>Waits until every accepted payment is stored by a processor and the cluster is idle (seen twice in a row).</summary>
    public async Task<bool> TrySettleAsync(TimeSpan? deadline = null)
    {
        var streak = 0;
        return await Eventually.TryHoldsAsync(
            () =>
            {
                var settled = IsIdle() && _accepted.Keys.All(id => Default.State.TryGet(id, out _) || Fallback.State.TryGet(id, out _));
                streak = settled ? streak + 1 : 0;
                return Task.FromResult(streak >= 2);
            },
            deadline ?? SettleDeadline);
    }

    /// <summary>
    /// How every scenario ends: once settled, every accepted payment is stored by exactly one processor,
    /// the processors hold nothing else, and the backend's summary (asked of each running instance) equals
    /// the processors' admin summaries, processor by processor.
    /// </summary>
    public async Task AssertConsistentAsync(TimeSpan? deadline = null)
    {
        var settled = await TrySettleAsync(deadline);
        var charges = Charges();
        foreach (var group in charges.GroupBy(c => c.Stored.CorrelationId).Where(g => g.Count() > 1))
        {
            Assert.Fail($"payment {group.Key} was charged by both processors");
        }

        var missing = _accepted.Keys.Where(id => charges.All(c => c.Stored.CorrelationId != id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} accepted payments never reached a processor (settled: {settled}), e.g. {missing.FirstOrDefault()}");
        Assert.Equal(_accepted.Count, Default.State.Count + Fallback.State.Count);

        var (atDefault, atFallback) = ProcessorTotals();
        for (var i = 0; i < Count; i++)
        {
            if (!IsRunning(i))
            {
                continue;
            }

            var summary = await SummaryAsync(i);
            Assert.Null(summary.Partial);
            Assert.Equal(atDefault, summary.Default);
            Assert.Equal(atFallback, summary.Fallback);
        }

        if (PostgresUrl is null && IsRunning(0) && IsRunning(1))
        {
            Assert.Equal(_accepted.Count, Instance(0).Get<PaymentLedger>().Count + Instance(1).Get<PaymentLedger>().Count);
        }
    }
}
