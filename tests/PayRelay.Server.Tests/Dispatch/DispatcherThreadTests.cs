using Microsoft.Extensions.Logging.Abstractions;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;
using PayRelay.Server.Storage;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Dispatch;

/// <summary>The intake comes first: a thread that queues a payment and rings the doorbell never runs dispatch work.</summary>
public sealed class DispatcherThreadTests
{
    [Fact]
    public async Task Announce_WhilePumpPassIsStuck_ReturnsAtOnceAndThePassRunsOnTheDispatchThread()
    {
        var clock = new GatedClock();
        var options = new ServerOptions { DefaultProcessorUrl = new Uri("http://127.0.0.1:9"), FallbackProcessorUrl = new Uri("http://127.0.0.1:9") };
        var counters = new DispatchCounters();
        var intake = new PaymentIntake(16);
        await using var store = new EmbeddedStore(new PaymentLedger(), intake, TimeProvider.System);
        await store.RecoverAsync(CancellationToken.None);
        var dispatcher = new Dispatcher(
            intake,
            store,
            [new ProcessorMonitor(ProcessorKind.Default, TimeProvider.System, 8, options.ProbeInterval), new ProcessorMonitor(ProcessorKind.Fallback, TimeProvider.System, 8, options.ProbeInterval)],
            [new ProcessorClient(options.DefaultProcessorUrl, 8, options.ProcessorTimeout), new ProcessorClient(options.FallbackProcessorUrl, 8, options.ProcessorTimeout)],
            new RoutingPolicy(options),
            counters,
            clock,
            NullLogger<Dispatcher>.Instance);
        try
        {
            dispatcher.Start();
            await Eventually.HoldsAsync(() => clock.Reads > 0, "the first pump pass runs");

            // The next pass blocks in its first clock reading, as a pass busy sending a burst would hold its thread.
            clock.Close();
            Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(Guid.NewGuid(), 1990, CancellationToken.None));
            var ringer = Environment.CurrentManagedThreadId;
            var announced = Task.Run(intake.Announce);

            await Eventually.HoldsAsync(() => clock.BlockedThread is not null, "a pump pass starts and blocks");
            Assert.True(await Task.WhenAny(announced, Task.Delay(TimeSpan.FromSeconds(10))) == announced, "the ringing thread returned while the pass was stuck");
            Assert.Equal("payrelay-dispatch", clock.BlockedThread!.Name);
            Assert.NotEqual(ringer, clock.BlockedThread.ManagedThreadId);

            // Ringing again while the pass runs costs nothing either.
            Assert.Equal(AcceptResult.Accepted, await store.AcceptAsync(Guid.NewGuid(), 1990, CancellationToken.None));
            intake.Announce();
        }
        finally
        {
            clock.Open();
            await dispatcher.DisposeAsync();
        }
    }

    /// <summary>The system clock, except that once closed, the first thread to read a timestamp waits until it opens.</summary>
    private sealed class GatedClock : TimeProvider
    {
        private readonly ManualResetEventSlim _open = new(true);
        private Thread? _blocked;
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Thread? BlockedThread => Volatile.Read(ref _blocked);

        public void Close() => _open.Reset();

        public void Open() => _open.Set();

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            if (!_open.IsSet && Interlocked.CompareExchange(ref _blocked, Thread.CurrentThread, null) is null)
            {
                _open.Wait();
            }

            return base.GetTimestamp();
        }
    }
}
