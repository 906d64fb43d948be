using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Tests.Support;

public sealed partial class TestCluster
{
    /// <summary>
    /// Checks that the backend recorded each payment under the very requestedAt the processor stored: for every
    /// millisecond at which a processor stored payments, the backend's summary over exactly that millisecond
    /// (and over the millisecond on each side) equals what the processors stored there.
    /// </summary>
    public async Task AssertRecordedAtTheStoredRequestedAtAsync(int index = 0)
    {
        var charges = Charges();
        var instants = charges.Select(c => c.Stored.RequestedAt).Distinct().ToList();
        var probes = instants.Concat(instants.Select(t => t.AddMilliseconds(1))).Concat(instants.Select(t => t.AddMilliseconds(-1))).Distinct();
        foreach (var at in probes)
        {
            var summary = await SummaryAsync(index, Query(at, at));
            Assert.Equal(Expected(ProcessorKind.Default), summary.Default);
            Assert.Equal(Expected(ProcessorKind.Fallback), summary.Fallback);

            Totals Expected(ProcessorKind processor)
            {
                var here = charges.Where(c => c.Processor == processor && c.Stored.RequestedAt == at).ToList();
                return new Totals(here.Count, here.Sum(c => c.Stored.Amount));
            }
        }
    }
}
