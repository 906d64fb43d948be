using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

/// <summary>
/// A payment adopted pinned (a peer's hand-off, here into a memory-only store) is looked up on its processor before
/// anything is re-sent; the default is a scripted processor, so every answer, a failed lookup included, is chosen.
/// </summary>
public sealed class DispatcherLookupTests
{
    private static readonly long RequestedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 5_000;

    [Fact]
    public async Task Adopted_LookupFailsThenFindsOtherValues_AskedAgainNotResentAndRecordedAsTheProcessorHoldsIt()
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(false, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n");
        var id = Guid.NewGuid();
        var held = DateTimeOffset.FromUnixTimeMilliseconds(RequestedAt + 5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$"""{"correlationId":"{{id}}","amount":20.00,"requestedAt":"{{held}}"}""";
        processor.Reply(false, $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        await using var relay = await Relay.StartAsync(processor.Url);

        Assert.Equal(1, await relay.Store.AdoptAsync([new HandedOffPayment(id, 1990, RequestedAt, ProcessorKind.Default, RequestedAt)], CancellationToken.None));

        await Eventually.HoldsAsync(() => relay.Ledger.Count == 1, "the payment is confirmed");
        Assert.Equal(2, processor.Requests.Count);
        Assert.All(processor.Requests, r => Assert.StartsWith($"GET /payments/{id} ", r, StringComparison.Ordinal));
        Assert.Equal(new ProcessorTotals(1, 2000), relay.Ledger.Summarize(RequestedAt + 5, RequestedAt + 5).Default);
        Assert.Equal((1L, 1L, 0L), (relay.Counters.Lookups(LookupKind.Unknown), relay.Counters.Lookups(LookupKind.Found), relay.Counters.Lookups(LookupKind.NotFound)));
        // The failed lookup counts against the default, as a 5xx would; the found one says nothing of its POSTs.
        Assert.Equal(1, relay.Dispatcher.Monitor(ProcessorKind.Default).Failures);
        Assert.Equal(0, relay.Dispatcher.Monitor(ProcessorKind.Fallback).Started);
    }

    [Fact]
    public async Task Adopted_LookupNotFound_ResentThereWithTheSameRequestedAtAndA422Confirms()
    {
        await using var processor = new ScriptedProcessor();
        processor.Reply(false, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        // The earlier attempt was still inside the processor's delay when it was asked; the re-send finds it stored.
        processor.Reply(false, "HTTP/1.1 422 Unprocessable Entity\r\nContent-Length: 0\r\n\r\n");
        var id = Guid.NewGuid();
        await using var relay = await Relay.StartAsync(processor.Url);

        Assert.Equal(1, await relay.Store.AdoptAsync([new HandedOffPayment(id, 1990, RequestedAt, ProcessorKind.Default, RequestedAt)], CancellationToken.None));

        await Eventually.HoldsAsync(() => relay.Ledger.Count == 1, "the payment is confirmed");
        Assert.Equal(2, processor.Requests.Count);
        Assert.StartsWith($"GET /payments/{id} ", processor.Requests[0], StringComparison.Ordinal);
        Assert.StartsWith("POST /payments ", processor.Requests[1], StringComparison.Ordinal);
        Assert.EndsWith(System.Text.Encoding.UTF8.GetString(ProcessorClient.PaymentBody(id, 1990, RequestedAt)), processor.Requests[1], StringComparison.Ordinal);
        Assert.Equal(new ProcessorTotals(1, 1990), relay.Ledger.Summarize(RequestedAt, RequestedAt).Default);
        Assert.Equal(1, relay.Counters.Lookups(LookupKind.NotFound));
        Assert.Equal(0, relay.Dispatcher.Monitor(ProcessorKind.Fallback).Started);
    }

    /// <summary>A memory-only store and a dispatcher whose default is <c>defaultUrl</c> and whose fallback nobody listens for.</summary>
    private sealed class Relay : IAsyncDisposable
    {
        private Relay(EmbeddedStore store, PaymentLedger ledger, DispatchCounters counters, Dispatcher dispatcher)
        {
            Store = store;
            Ledger = ledger;
            Counters = counters;
            Dispatcher = dispatcher;
        }

        public EmbeddedStore Store { get; }

        public PaymentLedger Ledger { get; }

        public DispatchCounters Counters { get; }

        public Dispatcher Dispatcher { get; }

        public static async Task<Relay> StartAsync(Uri defaultUrl)
        {
            var options = new ServerOptions { ProbeInterval = TimeSpan.FromMilliseconds(50) };
            var fallbackUrl = new Uri($"http://127.0.0.1:{ScriptedProcessor.UnusedPort()}");
            var intake = new PaymentIntake(16);
            var ledger = new PaymentLedger();
            var store = new EmbeddedStore(ledger, intake, TimeProvider.System);
            await store.RecoverAsync(CancellationToken.None);
            var counters = new DispatchCounters();
            var dispatcher = new Dispatcher(
                intake,
                store,
                [new ProcessorMonitor(ProcessorKind.Default, TimeProvider.System, 8, options.ProbeInterval), new ProcessorMonitor(ProcessorKind.Fallback, TimeProvider.System, 8, options.ProbeInterval)],
                [new ProcessorClient(defaultUrl, 8, TimeSpan.FromSeconds(5)), new ProcessorClient(fallbackUrl, 8, TimeSpan.FromSeconds(5))],
                new RoutingPolicy(options),
                counters,
                TimeProvider.System,
                NullLogger<Dispatcher>.Instance);
            dispatcher.Start();
            return new Relay(store, ledger, counters, dispatcher);
        }

        public async ValueTask DisposeAsync()
        {
            await Dispatcher.DisposeAsync();
            await Store.DisposeAsync();
        }
    }
}
