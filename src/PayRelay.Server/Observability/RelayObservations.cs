using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Storage;

namespace PayRelay.Server.Observability;

/// <summary>
/// The observable instruments: each reads, when <c>/metrics</c> is scraped, a counter or a state the instance keeps
/// anyway (<see cref="DispatchCounters"/>, the dispatcher, the processor monitors, the ledger). The payment path pays
/// for none of them: no second increment per payment, no work between scrapes.
/// </summary>
public sealed partial class RelayObservations
{
    private const string Payments = "{payment}";
    private const string Attempts = "{attempt}";

    private static readonly string[] StateNames = [.. Enum.GetValues<ProcessorState>().Select(s => s.ToString().ToLowerInvariant())];

    private readonly DispatchCounters _counters;
    private readonly PaymentRefusals _refusals;
    private readonly IPaymentStore _store;
    private readonly Dispatcher _dispatcher;
    private readonly HealthBoard _board;
    private readonly long _safeLatencyMs;

    public RelayObservations(
        RelayMeter meter,
        DispatchCounters counters,
        PaymentRefusals refusals,
        IPaymentStore store,
        Dispatcher dispatcher,
        HealthBoard board,
        ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(options);
        _counters = counters;
        _refusals = refusals;
        _store = store;
        _dispatcher = dispatcher;
        _board = board;
        _safeLatencyMs = (long)options.SafeLatency.TotalMilliseconds;
        AddPayments(meter.Meter);
        AddQueue(meter.Meter);
        AddProcessors(meter.Meter);
    }

    private static KeyValuePair<string, object?> Processor(ProcessorKind kind) => new("processor", ProcessorKinds.Name(kind));

    private static readonly ProcessorKind[] Kinds = [ProcessorKind.Default, ProcessorKind.Fallback];
}
