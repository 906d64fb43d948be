using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Http;

/// <summary><c>GET /healthz</c> for the balancer and <c>GET /status</c> for people and the bench.</summary>
public sealed class OperationsEndpoints(
    ServerOptions options,
    IPaymentStore store,
    Dispatcher dispatcher,
    DispatchCounters counters,
    HealthBoard board,
    HealthPollingView poller)
{
    private static readonly byte[] Live = "{\"status\":\"live\"}"u8.ToArray();
    private static readonly byte[] Draining = "{\"status\":\"draining\"}"u8.ToArray();
    private static readonly byte[] Recovering = "{\"status\":\"recovering\"}"u8.ToArray();

    /// <summary>
    /// <c>GET /healthz</c>: 200 while the instance takes payments, 503 while it recovers its journal and once it
    /// drains, so the balancer sends payments to the peer. The wire layer writes it itself, as it does a payment's
    /// answer: the balancer asks every second.
    /// </summary>
    public (int Status, byte[] Body) Health() => store.State switch
    {
        StoreState.Open => (StatusCodes.Status200OK, Live),
        StoreState.Recovering => (StatusCodes.Status503ServiceUnavailable, Recovering),
        _ => (StatusCodes.Status503ServiceUnavailable, Draining),
    };

    public Task StatusAsync(HttpContext context)
    {
        var status = new StatusResponse(
            options.InstanceId,
            store.State == StoreState.Closed,
            dispatcher.Pending,
            dispatcher.InFlight,
            (long)Environment.CpuUsage.TotalTime.TotalMilliseconds,
            store.Count,
            poller.Polling,
            new StatusProcessors(Processor(ProcessorKind.Default), Processor(ProcessorKind.Fallback)),
            new StatusCounters(counters.Accepted, counters.Duplicates, counters.Confirmed, counters.Retried, counters.Uncertain, counters.ChargedElsewhere, counters.Refused),
            StatusMemory.Now());
        return Responses.Json(context, StatusCodes.Status200OK, status, ServerJson.Default.StatusResponse);
    }

    private StatusProcessor Processor(ProcessorKind kind)
    {
        var monitor = dispatcher.Monitor(kind);
        var view = monitor.View();
        var state = view.State((long)options.SafeLatency.TotalMilliseconds);
        return new StatusProcessor(state.ToString().ToLowerInvariant(), view.ExpectedLatencyMs, view.InFlight, monitor.Limit, monitor.Started,
            counters.ConfirmedBy(kind), monitor.Failures, monitor.Timeouts, board.Latest(kind));
    }
}
