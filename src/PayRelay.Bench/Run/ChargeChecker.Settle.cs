using System.Globalization;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

public sealed partial class ChargeChecker
{
    /// <summary>
    /// Waits until the backend has finished what it holds: the processors have charged at least as many payments as
    /// were accepted and the instances' queues are empty; or for <see cref="Quiet"/> nothing more was charged and the
    /// queues stayed empty (what is missing then is lost); or <paramref name="deadline"/>. Instances without
    /// <c>GET /status</c> count as empty. The queues are read before the processors, so a payment that left a queue
    /// before the read is counted if it was charged.
    /// </summary>
    public async Task<(TimeSpan Waited, string How)> SettleAsync(long accepted, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        long? last = null;
        var quietSince = start;
        while (true)
        {
            var idle = await BackendIdleAsync(cancellationToken);
            var charged = await ChargedSoFarAsync(cancellationToken);
            var waited = _time.GetElapsedTime(start);
            if (charged >= accepted && idle)
            {
                return (waited, $"the processors charged {charged} payments for {accepted} accepted, and the backend's queues are empty");
            }

            if (charged != last || !idle)
            {
                last = charged;
                quietSince = _time.GetTimestamp();
            }
            else if (_time.GetElapsedTime(quietSince) >= Quiet)
            {
                return (waited, string.Create(CultureInfo.InvariantCulture,
                    $"nothing more was charged for {Quiet.TotalSeconds:0.#} s and the backend's queues are empty ({charged} charged for {accepted} accepted)"));
            }

            if (waited >= deadline)
            {
                return (waited, string.Create(CultureInfo.InvariantCulture,
                    $"the {deadline.TotalSeconds:0.#} s deadline passed ({charged?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} charged for {accepted} accepted{(idle ? string.Empty : ", the backend still busy")})"));
            }

            await Task.Delay(PollInterval, _time, cancellationToken);
        }
    }

    /// <summary>Both processors' unfiltered counts added, or null when one does not answer.</summary>
    private async Task<long?> ChargedSoFarAsync(CancellationToken cancellationToken)
    {
        var d = await ProcessorSummaryAsync(_default, _defaultEndpoint, string.Empty, cancellationToken);
        var f = await ProcessorSummaryAsync(_fallback, _fallbackEndpoint, string.Empty, cancellationToken);
        return d is null || f is null ? null : d.TotalRequests + f.TotalRequests;
    }

    /// <summary>Whether no instance that reports its queue holds or sends a payment.</summary>
    private async Task<bool> BackendIdleAsync(CancellationToken cancellationToken)
    {
        foreach (var (endpoint, invoker) in _status)
        {
            var (status, _) = await GetJsonAsync(invoker, new HttpRequestMessage(HttpMethod.Get, endpoint.Resolve("status")), WireJsonContext.Default.StatusSnapshot, cancellationToken);
            if (status is not null && ((status.QueueDepth ?? 0) > 0 || (status.InFlight ?? 0) > 0))
            {
                return false;
            }
        }

        return true;
    }
}
