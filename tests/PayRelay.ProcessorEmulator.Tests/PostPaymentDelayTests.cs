using System.Net;
using PayRelay.ProcessorEmulator.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class PostPaymentDelayTests
{
    [Fact]
    public async Task PostPayment_WithDelay_AnswersOnlyWhenTheDelayHasElapsed()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        processor.State.DelayMilliseconds = 1000;
        var id = Guid.NewGuid();

        var response = processor.PostPaymentAsync(id);
        await Eventually.HoldsAsync(() => clock.ArmedTimers == 1, "the payment waits out its delay");
        clock.Advance(TimeSpan.FromMilliseconds(999));

        Assert.False(response.IsCompleted);
        Assert.False(processor.State.TryGet(id, out _));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var answer = await response.WithinDeadline("the delayed answer");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(processor.State.TryGet(id, out _));
    }

    [Fact]
    public async Task PostPayment_WhileFailingWithDelay_RunsTheDelayBeforeAnswering500()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        processor.State.DelayMilliseconds = 1000;
        processor.State.Failing = true;

        var response = processor.PostPaymentAsync(Guid.NewGuid());
        // A processor that checked the failure first would answer without ever arming the delay.
        await Eventually.HoldsAsync(() => clock.ArmedTimers == 1, "the failing payment waits out its delay");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(response.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        using var answer = await response.WithinDeadline("the 500 after the delay");
        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, processor.State.Count);
    }

    [Fact]
    public async Task PostPayment_FailureSwitchedOffDuringDelay_IsDecidedWhenTheDelayEnds()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        processor.State.DelayMilliseconds = 500;
        processor.State.Failing = true;
        var id = Guid.NewGuid();

        var response = processor.PostPaymentAsync(id);
        await Eventually.HoldsAsync(() => clock.ArmedTimers == 1, "the payment waits out its delay");
        processor.State.Failing = false;
        clock.Advance(TimeSpan.FromMilliseconds(500));

        using var answer = await response.WithinDeadline("the answer after the delay");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(processor.State.TryGet(id, out _));
    }

    [Fact]
    public async Task PostPayment_ClientGivesUpDuringDelay_PaymentIsStillStoredWhenTheDelayEnds()
    {
        // Real clock: the server must see the disconnect long before the 1 s delay ends.
        await using var processor = await TestProcessor.StartAsync();
        processor.State.DelayMilliseconds = 1000;
        var id = Guid.NewGuid();
        using var giveUp = new CancellationTokenSource();

        var response = processor.PostPaymentAsync(id, cancellationToken: giveUp.Token);
        await Eventually.HoldsAsync(() => processor.State.PaymentsInFlight == 1, "the payment is in flight");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => response);

        await Eventually.HoldsAsync(() => processor.State.TryGet(id, out _), "the abandoned payment is stored", TimeSpan.FromSeconds(10));
        await Eventually.HoldsAsync(() => processor.State.PaymentsInFlight == 0, "the permit is returned");
    }

    [Fact]
    public async Task DisposeAsync_PaymentWaitingOutItsDelay_CancelsTheDelayWithoutStoringIt()
    {
        var processor = await TestProcessor.StartAsync(manualClock: true);
        var state = processor.State;
        state.DelayMilliseconds = 60_000;
        var id = Guid.NewGuid();
        var response = processor.PostPaymentAsync(id);
        await Eventually.HoldsAsync(() => processor.Clock!.ArmedTimers == 1, "the payment waits out its delay");

        await processor.Host.DisposeAsync().AsTask().WaitAsync(Eventually.Deadline);

        // A delay that ignored shutdown would still be armed on the clock that never moved.
        Assert.Equal(0, processor.Clock!.ArmedTimers);
        await Assert.ThrowsAnyAsync<Exception>(() => response);
        Assert.False(state.TryGet(id, out _));
        await processor.DisposeAsync();
    }
}
