using System.Collections.Concurrent;
using System.Net;
using PayRelay.ProcessorEmulator.Cost;
using PayRelay.ProcessorEmulator.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.ProcessorEmulator.Tests;

/// <summary>
/// Where the cost model spends CPU, seen through a burner that only records what it is asked: the request share on
/// every payment request processed, the store share per insert (stored or duplicate), nothing when it is off. No
/// timings are asserted: what a burn costs is measured with the bench, not here.
/// </summary>
public sealed class CostModelTests
{
    // Distinct amounts tell the two shares apart in the burner's record.
    private static readonly TimeSpan Request = TimeSpan.FromMicroseconds(660);
    private static readonly TimeSpan Store = TimeSpan.FromMicroseconds(370);

    [Fact]
    public async Task PostPayment_NewPayment_SpendsTheRequestShareThenTheStoreShare()
    {
        var burner = new RecordingBurner();
        await using var processor = await StartAsync(new ProcessorCost(Request, Store), burner);

        using var response = await processor.PostPaymentAsync(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Request, Store], burner.Calls);
    }

    [Fact]
    public async Task PostPayment_Duplicate_SpendsBothSharesAgainForThe422()
    {
        var burner = new RecordingBurner();
        await using var processor = await StartAsync(new ProcessorCost(Request, Store), burner);
        var id = Guid.NewGuid();
        using var first = await processor.PostPaymentAsync(id);

        using var second = await processor.PostPaymentAsync(id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal([Request, Store, Request, Store], burner.Calls);
    }

    [Fact]
    public async Task PostPayment_WhileFailing_SpendsOnlyTheRequestShare()
    {
        var burner = new RecordingBurner();
        await using var processor = await StartAsync(new ProcessorCost(Request, Store), burner);
        processor.State.Failing = true;

        using var response = await processor.PostPaymentAsync(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal([Request], burner.Calls);
    }

    [Fact]
    public async Task PostPayment_BodyThatDoesNotBind_SpendsNothing()
    {
        var burner = new RecordingBurner();
        await using var processor = await StartAsync(new ProcessorCost(Request, Store), burner);

        using var response = await processor.Http.PostAsync("payments", TestProcessor.Json("{\"amount\":1}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(burner.Calls);
    }

    [Fact]
    public async Task PostPayment_CostOff_SpendsNothingAnywhere()
    {
        var burner = new RecordingBurner();
        await using var processor = await StartAsync(ProcessorCost.None, burner);
        var id = Guid.NewGuid();

        using var stored = await processor.PostPaymentAsync(id);
        using var duplicate = await processor.PostPaymentAsync(id);
        processor.State.Failing = true;
        using var failed = await processor.PostPaymentAsync(Guid.NewGuid());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity, HttpStatusCode.InternalServerError), (stored.StatusCode, duplicate.StatusCode, failed.StatusCode));
        Assert.Empty(burner.Calls);
    }

    [Fact]
    public async Task PostPayment_MoreInsertsThanConnections_RunAtMostThatManyAtOnceAndQueueTheRest()
    {
        using var burner = new GatedStoreBurner(Store);
        await using var processor = await StartAsync(new ProcessorCost(TimeSpan.Zero, Store, Connections: 3), burner);

        var answers = Enumerable.Range(0, 10).Select(_ => processor.PostPaymentAsync(Guid.NewGuid())).ToList();
        await Eventually.HoldsAsync(() => burner.Running == 3 && processor.State.InsertsWaiting == 7, "three inserts run and seven wait");
        Assert.Equal(0, processor.State.Count);
        burner.Release();

        foreach (var answer in answers)
        {
            using var response = await answer.WithinDeadline("an insert released from the pool");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, burner.MostAtOnce);
        Assert.Equal(10, processor.State.Count);
    }

    private static Task<TestProcessor> StartAsync(ProcessorCost cost, ICpuBurner burner) =>
        TestProcessor.StartAsync(new EmulatorOptions { Cost = cost, CpuBurner = burner });

    /// <summary>Records every amount it is asked to burn, in order, and burns nothing.</summary>
    private sealed class RecordingBurner : ICpuBurner
    {
        private readonly ConcurrentQueue<TimeSpan> _calls = new();

        public TimeSpan[] Calls => [.. _calls];

        public void Burn(TimeSpan cpu) => _calls.Enqueue(cpu);
    }

    /// <summary>Holds every store-share burn until released, counting how many are held at once.</summary>
    private sealed class GatedStoreBurner(TimeSpan store) : ICpuBurner, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new();
        private int _running;
        private int _mostAtOnce;

        public int Running => Volatile.Read(ref _running);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public void Burn(TimeSpan cpu)
        {
            if (cpu != store)
            {
                return;
            }

            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, now);
            _gate.Wait(Eventually.Deadline);
            Interlocked.Decrement(ref _running);
        }

        public void Release() => _gate.Set();

        public void Dispose() => _gate.Dispose();

        private static void InterlockedMax(ref int target, int value)
        {
            var seen = Volatile.Read(ref target);
            while (value > seen)
            {
                var previous = Interlocked.CompareExchange(ref target, value, seen);
                if (previous == seen)
                {
                    return;
                }

                seen = previous;
            }
        }
    }
}
