using PayRelay.Server.Http;
using PayRelay.Server.Net;
using PayRelay.Server.Peers;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Ledger;

/// <summary>A summary that may lack the peer's share.</summary>
public readonly record struct ClusterSummary(LedgerSummary Summary, bool PeerMissing);

/// <summary>
/// The deployment's ledger as clients see it: this instance's payments plus the peer's, asked over the
/// internal channel. When the peer does not answer within its deadline, the summary holds this instance's
/// payments only and says so (<see cref="ClusterSummary.PeerMissing"/>, surfaced as a response header):
/// an auditor gets a fast, honest partial answer rather than a hang. A peer still recovering its journal answers
/// 503 and counts as missing too. A shared store already holds every instance's payments and asks no peer.
/// </summary>
public sealed class ClusterLedger(IPaymentStore store, PeerClient? peer, ILogger<ClusterLedger> logger, PeerReservations? reservations = null)
{
    public async Task<ClusterSummary> SummarizeAsync(SummaryRange range, string? from, string? to, CancellationToken cancellationToken)
    {
        var mine = await store.SummarizeAsync(range.FromMs, range.ToMs, cancellationToken);
        if (peer is null || store.Shared)
        {
            return new ClusterSummary(mine, false);
        }

        try
        {
            var theirs = await peer.GetAsync(InternalPath("internal/summary", from, to), ServerJson.Default.SummaryResponse, cancellationToken);
            return theirs is null ? new ClusterSummary(mine, true) : new ClusterSummary(mine + FromWire(theirs), false);
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException or System.Text.Json.JsonException)
        {
            Log.PeerUnavailable(logger, peer.Display, "summary", e.Message);
            return new ClusterSummary(mine, true);
        }
    }

    /// <summary>Purges this instance, then the peer; returns false when the peer could not confirm.</summary>
    public async Task<bool> PurgeAsync(CancellationToken cancellationToken)
    {
        await PurgeLocalAsync(cancellationToken);
        if (peer is null || store.Shared)
        {
            return true;
        }

        try
        {
            await peer.PostAsync("internal/purge", cancellationToken);
            Log.Purged(logger, "deployment");
            return true;
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException)
        {
            Log.PeerUnavailable(logger, peer.Display, "purge", e.Message);
            return false;
        }
    }

    public async Task PurgeLocalAsync(CancellationToken cancellationToken)
    {
        await store.PurgeAsync(cancellationToken);
        reservations?.Purge();
        Log.Purged(logger, "instance");
    }

    public static SummaryResponse ToWire(LedgerSummary summary) => new(
        new SummaryPart(summary.Default.TotalRequests, Money.FromCents(summary.Default.TotalCents)),
        new SummaryPart(summary.Fallback.TotalRequests, Money.FromCents(summary.Fallback.TotalCents)));

    private static LedgerSummary FromWire(SummaryResponse wire) => new(
        new ProcessorTotals(wire.Default.TotalRequests, Money.ToCents(wire.Default.TotalAmount)),
        new ProcessorTotals(wire.Fallback.TotalRequests, Money.ToCents(wire.Fallback.TotalAmount)));

    private static string InternalPath(string path, string? from, string? to)
    {
        var query = new List<string>(2);
        if (from is not null)
        {
            query.Add("from=" + Uri.EscapeDataString(from));
        }

        if (to is not null)
        {
            query.Add("to=" + Uri.EscapeDataString(to));
        }

        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }
}
