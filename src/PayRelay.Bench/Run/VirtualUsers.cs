using PayRelay.Bench.Http;
using PayRelay.Bench.Scenarios;

namespace PayRelay.Bench.Run;

/// <summary>
/// The payment users: each one, once its turn in the ramp comes, posts a payment with a fresh UUID
/// and sleeps, until the duration ends; an iteration under way when it ends runs to its end, as
/// k6 lets iterations finish. Users are plain async loops: hundreds of them cost a few timers.
/// </summary>
public sealed class VirtualUsers(TestClient client, Scenario scenario, LoadClock clock, RunCounters counters)
{
    private readonly PaymentBody _body = new(scenario.Amount);

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var users = new Task[scenario.MaxUsers];
        for (var i = 0; i < users.Length; i++)
        {
            users[i] = RunUserAsync(scenario.UserStart(i), cancellationToken);
        }

        return Task.WhenAll(users);
    }

    private async Task RunUserAsync(TimeSpan start, CancellationToken cancellationToken)
    {
        await clock.WaitUntilAsync(start, cancellationToken);
        if (clock.Elapsed >= scenario.Duration)
        {
            return;
        }

        counters.UserStarted();
        try
        {
            while (clock.Elapsed < scenario.Duration)
            {
                var correlationId = Guid.NewGuid();
                var status = await client.PostPaymentAsync(_body.Create(correlationId), cancellationToken);
                counters.PaymentAnswered(correlationId, status);
                await Task.Delay(scenario.UserPause, clock.Time, cancellationToken);
            }
        }
        finally
        {
            counters.UserStopped();
        }
    }
}
