using Npgsql;

namespace PayRelay.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    private long _lastSweep;
    private long _sweepSeen;
    private long _sweepQueued;

    /// <summary>
    /// How old an open row of this instance must be before the sweep looks at it: two leases (10 s by default), far
    /// longer than an insert's round trip, so the sweep does not meet payments on their normal way in. Should it meet
    /// one (a commit slower than that), the claim on <see cref="_held"/> lets exactly one of the two queue it.
    /// </summary>
    private TimeSpan SweepGrace => Lease * 2;

    /// <summary>Once per lease, on the lease ticks: a lost answer's payment waits two to three leases, and the query is rare.</summary>
    private TimeSpan SweepPeriod => Lease;

    /// <summary>Rows the sweeps have read: this instance's open payments older than the grace period, held or not.</summary>
    internal long SweepSeen => Interlocked.Read(ref _sweepSeen);

    /// <summary>Payments the sweeps queued because this process did not hold them.</summary>
    internal long SweepQueued => Interlocked.Read(ref _sweepQueued);

    private Task<int> SweepIfDueAsync(CancellationToken cancellationToken)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (last != 0 && _time.GetElapsedTime(last) < SweepPeriod)
        {
            return Task.FromResult(0);
        }

        Volatile.Write(ref _lastSweep, _time.GetTimestamp());
        return SweepAsync(cancellationToken);
    }

    /// <summary>
    /// Queues this instance's own open payments that it does not hold in memory: an accept whose insert committed but
    /// whose answer was lost (a connection dropped after the commit) left its row here, owned by a live instance that
    /// never queued it, and nobody else takes a live owner's payments. A row with a recorded attempt is queued pinned
    /// to that processor with its requestedAt, to be asked there first. Returns how many it queued.
    /// </summary>
    private async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        ForgetReleased();
        Interlocked.Exchange(ref _sweeping, 1);
        int rows, queued;
        try
        {
            await using var command = _source.CreateCommand(
                """
                SELECT correlation_id, amount_cents, (extract(epoch FROM accepted_at) * 1000)::bigint, attempt_to, attempt_requested_at,
                    (SELECT generation FROM payrelay_meta)
                FROM payments
                WHERE NOT done AND lease_owner = $1 AND accepted_at < now() - $2 * interval '1 millisecond'
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)SweepGrace.TotalMilliseconds });
            (rows, queued) = await QueueRowsAsync(command, cancellationToken);
        }
        finally
        {
            // What was released while the rows were read is forgotten only now, after the claims saw it still held.
            Volatile.Write(ref _sweeping, 0);
            ForgetReleased();
        }

        Interlocked.Add(ref _sweepSeen, rows);
        if (queued > 0)
        {
            Interlocked.Add(ref _sweepQueued, queued);
            PostgresLog.SweptOwn(_logger, queued, Owner);
        }

        return queued;
    }
}
