using System.Net;
using PayRelay.ProcessorEmulator.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.ProcessorEmulator.Tests;

public sealed class PaymentOverloadTests
{
    [Fact]
    public async Task PostPayment_Beyond800InFlightAnd500Queued_Returns429WhileAdminAndHealthKeepAnswering()
    {
        await using var processor = await TestProcessor.StartAsync(manualClock: true);
        var clock = processor.Clock!;
        var state = processor.State;
        state.DelayMilliseconds = 1000;
        const int admitted = EmulatorState.PaymentPermitLimit + EmulatorState.PaymentQueueLimit;

        var held = Enumerable.Range(0, admitted).Select(_ => processor.PostPaymentAsync(Guid.NewGuid())).ToArray();
        await Eventually.HoldsAsync(() => state.PaymentsInFlight == 800 && state.PaymentsQueued == 500,
            "800 payments are in flight and 500 wait", TimeSpan.FromSeconds(60));

        using (var rejected = await processor.PostPaymentAsync(Guid.NewGuid()).WithinDeadline("the 1301st payment"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
        }

        using (var health = await processor.Http.GetAsync("payments/service-health").WithinDeadline("health under load"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var summary = await processor.AdminSummaryAsync().WithinDeadline("the admin summary under load");
        Assert.Equal(0, summary.TotalRequests);

        // The first 800 finish; the 500 queued then take their permits and wait out their own delay.
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => state.PaymentsQueued == 0 && clock.ArmedTimers == 500,
            "the queued payments enter their delay", TimeSpan.FromSeconds(60));
        Assert.Equal(800, state.Count);
        clock.Advance(TimeSpan.FromSeconds(1));

        var answers = await Task.WhenAll(held).WithinDeadline("every admitted payment", TimeSpan.FromSeconds(60));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Equal(admitted, state.Count);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }
}
