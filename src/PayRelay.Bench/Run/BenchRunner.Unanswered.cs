namespace PayRelay.Bench.Run;

public sealed partial class BenchRunner
{
    // Enough lookups at once to get through thousands quickly, few enough not to queue behind each other.
    private const int LookupsAtOnce = 8;

    /// <summary>
    /// Looks every payment whose POST got no answer up on both processors, once the money is counted, so the lookups
    /// cannot change what teardown saw. These are the bench's own calls: not recorded, not in p99.
    /// </summary>
    private async Task<UnansweredCharges> LookUpUnansweredAsync(TestClient client, IReadOnlyCollection<Guid> unanswered, CancellationToken cancellationToken)
    {
        if (unanswered.Count == 0)
        {
            return UnansweredCharges.None;
        }

        int byDefault = 0, byFallback = 0, byBoth = 0, unresolved = 0;
        await Parallel.ForEachAsync(unanswered, new ParallelOptions { MaxDegreeOfParallelism = LookupsAtOnce, CancellationToken = cancellationToken }, async (id, token) =>
        {
            var atDefault = await client.GetProcessorPaymentAsync(ProcessorRole.Default, id, token);
            var atFallback = await client.GetProcessorPaymentAsync(ProcessorRole.Fallback, id, token);
            if (atDefault == 200)
            {
                Interlocked.Increment(ref byDefault);
            }

            if (atFallback == 200)
            {
                Interlocked.Increment(ref byFallback);
            }

            if (atDefault == 200 && atFallback == 200)
            {
                Interlocked.Increment(ref byBoth);
            }

            if (atDefault is not (200 or 404) || atFallback is not (200 or 404))
            {
                Interlocked.Increment(ref unresolved);
            }
        });

        var charges = new UnansweredCharges(unanswered.Count, byDefault, byFallback, byBoth, unresolved);
        if (charges.ByBoth > 0)
        {
            Warn($"{charges.ByBoth} payment(s) whose POST got no answer were charged by both processors: charged twice");
        }

        if (charges.Unresolved > 0)
        {
            Warn($"{charges.Unresolved} of the {charges.Unanswered} payments whose POST got no answer could not be looked up on both processors");
        }

        return charges;
    }
}
