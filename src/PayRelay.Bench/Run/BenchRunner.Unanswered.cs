namespace PayRelay.Bench.Run;

public sealed partial class BenchRunner
{
    /// <summary>
    /// Looks every payment whose POST got no answer up on both processors right after teardown has counted the money,
    /// as the official scorer sees it then, so the lookups cannot change what teardown saw. These are the bench's own
    /// calls (the charge check's lookups): not recorded, not in p99.
    /// </summary>
    private async Task<UnansweredCharges> LookUpUnansweredAsync(IReadOnlyCollection<Guid> unanswered, CancellationToken cancellationToken)
    {
        if (unanswered.Count == 0)
        {
            return UnansweredCharges.None;
        }

        using var lookups = new ChargeChecker(settings.Backend, settings.DefaultProcessor, settings.FallbackProcessor, settings.Token, [], settings.Time);
        var charges = UnansweredCharges.From(await lookups.TallyAsync([.. unanswered], cancellationToken));
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
