using System.Collections.Concurrent;
using PayRelay.Bench.Http;
using PayRelay.Bench.Scenarios;

namespace PayRelay.Bench.Run;

/// <summary>
/// The payment users: each one, once its turn in the ramp comes, opens its own connection (in
/// <see cref="ConnectionMode.PerUser"/>), then posts a payment with a fresh UUID and sleeps, until the duration ends;
/// an iteration under way when it ends runs to its end, as k6 lets iterations finish. A request that gets no answer
/// within the timeout closes the user's connection, as k6's does, and the user opens a new one before its next
/// request. Users are plain async loops: hundreds of them cost a few timers.
/// </summary>
public sealed class VirtualUsers(TestClient client, Scenario scenario, LoadClock clock, RunCounters counters, ConnectionMode mode = ConnectionMode.PerUser)
{
    private readonly PaymentBody _body = new(scenario.Amount);
    private readonly ConcurrentQueue<Guid> _unanswered = new();

    /// <summary>The correlationIds of the payments that got no answer: the backend may have accepted them anyway.</summary>
    public IReadOnlyCollection<Guid> Unanswered => _unanswered;

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
        using var connection = mode == ConnectionMode.PerUser ? new UserConnection(client.BackendEndpoint, client.Timeout, counters.ConnectionOpened) : null;
        try
        {
            while (clock.Elapsed < scenario.Duration)
            {
                if (connection is not null)
                {
                    await connection.OpenAsync(clock.Time, cancellationToken);
                }

                var correlationId = Guid.NewGuid();
                var status = await client.PostPaymentAsync(connection?.Invoker, _body.Create(correlationId), cancellationToken);
                counters.PaymentAnswered(correlationId, status);
                if (status == 0)
                {
                    _unanswered.Enqueue(correlationId);
                }

                await Task.Delay(scenario.UserPause, clock.Time, cancellationToken);
            }
        }
        finally
        {
            counters.UserStopped();
        }
    }
}
