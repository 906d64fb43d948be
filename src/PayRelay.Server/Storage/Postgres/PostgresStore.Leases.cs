using Npgsql;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    private readonly ITimer _leases;
    private int _tickRunning;
    private volatile bool _abandoned;

    /// <summary>Renews several times per lease, so a late tick or two never lets the lease lapse.</summary>
    private TimeSpan TickPeriod => Lease / 4 > TimeSpan.FromMilliseconds(50) ? Lease / 4 : TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Announces this instance, learns the purge generation, takes over what dead instances left, then keeps doing
    /// so every <see cref="TickPeriod"/>. Returns how many payments it took over now.
    /// </summary>
    public async ValueTask<int> RecoverAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken);
        _state = StoreState.Open;
        var taken = await TakeOverAsync(cancellationToken);
        _leases.Change(TickPeriod, TickPeriod);
        return taken;
    }

    /// <summary>
    /// The end of a drain: this instance's row expires at once, so another instance takes over what is left (with
    /// each payment's recorded attempt) without waiting out the lease.
    /// </summary>
    public async ValueTask CloseAsync(IReadOnlyList<PendingPayment> left, CancellationToken cancellationToken)
    {
        _leases.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (_abandoned)
        {
            return;
        }

        try
        {
            await using var command = _source.CreateCommand("UPDATE payrelay_instances SET alive_until = '-infinity' WHERE id = $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
            await command.ExecuteNonQueryAsync(cancellationToken);
            PostgresLog.Released(_logger, Owner, left.Count);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The lease lapses by itself: the others take over a little later.
            PostgresLog.LeaseFault(_logger, "release", e.Message);
        }
    }

    /// <summary>
    /// What a crash looks like to the other instances, for the tests that stop an instance in process: it stops
    /// renewing and never releases its lease, so its payments wait for the lease to lapse.
    /// </summary>
    internal void Abandon()
    {
        _abandoned = true;
        _leases.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private void OnLeaseTick()
    {
        if (_abandoned)
        {
            return;
        }

        if (Interlocked.Exchange(ref _tickRunning, 1) == 0)
        {
            _ = TickAsync();
        }
    }

    private async Task TickAsync()
    {
        try
        {
            await RenewAsync(CancellationToken.None);
            if (_state == StoreState.Open)
            {
                await TakeOverAsync(CancellationToken.None);
                await SweepIfDueAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ObjectDisposedException)
        {
            PostgresLog.LeaseFault(_logger, "renewal", e.Message);
        }
        finally
        {
            Volatile.Write(ref _tickRunning, 0);
        }

        RefreshCountIfWatched();
    }

    /// <summary>Extends this instance's life by one lease, on the database's clock, and reads the purge generation.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            """
            WITH renewed AS (
                INSERT INTO payrelay_instances (id, alive_until) VALUES ($1, now() + $2 * interval '1 millisecond')
                ON CONFLICT (id) DO UPDATE SET alive_until = excluded.alive_until)
            SELECT generation FROM payrelay_meta
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)Lease.TotalMilliseconds });
        NoteGeneration((int)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>
    /// Claims, oldest first and in batches, the open payments of instances whose row expired (or vanished); two
    /// instances claiming at once skip each other's rows. A claimed payment whose last attempt is recorded goes back
    /// to that processor only, with the same requestedAt, once a lookup there has not found it: 200 or 422 there settles
    /// it, and no other processor sees it.
    /// </summary>
    private async Task<int> TakeOverAsync(CancellationToken cancellationToken)
    {
        var taken = 0;
        while (!_intake.Full)
        {
            await using var command = _source.CreateCommand(
                """
                WITH c AS (
                    SELECT correlation_id FROM payments p
                    WHERE NOT done AND NOT EXISTS (SELECT 1 FROM payrelay_instances i WHERE i.id = p.lease_owner AND i.alive_until >= now())
                    ORDER BY accepted_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                UPDATE payments p SET lease_owner = $1 FROM c WHERE p.correlation_id = c.correlation_id
                RETURNING p.correlation_id, p.amount_cents, (extract(epoch FROM p.accepted_at) * 1000)::bigint, p.attempt_to, p.attempt_requested_at,
                    (SELECT generation FROM payrelay_meta)
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = GroupCommit<int, int>.MaxBatch });
            var (rows, queued) = await QueueRowsAsync(command, cancellationToken);
            taken += queued;
            if (rows < GroupCommit<int, int>.MaxBatch)
            {
                break;
            }
        }

        if (taken > 0)
        {
            PostgresLog.TookOver(_logger, taken, Owner);
        }

        return taken;
    }

    /// <summary>
    /// Queues the payments a claim read (id, amount, accepted_at in Unix ms, attempt processor, attempt requestedAt,
    /// purge generation), each only if this process does not hold it already. A payment whose attempt is recorded goes
    /// back to that processor only, with the same requestedAt. Queues what it claimed even when the read fails halfway,
    /// so a claimed id is never left held by nobody. Returns the rows read and how many of them it queued.
    /// </summary>
    private async Task<(int Rows, int Queued)> QueueRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = 0;
        var claimed = new List<PendingPayment>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows++;
                var generation = reader.GetInt32(5);
                NoteGeneration(generation);
                var id = reader.GetGuid(0);
                if (Hold(id, generation))
                {
                    claimed.Add(Restore(id, reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : (ProcessorKind)reader.GetInt16(3), reader.IsDBNull(4) ? 0 : reader.GetInt64(4), generation));
                }
            }
        }
        finally
        {
            foreach (var payment in claimed)
            {
                if (payment.PinnedTo is null)
                {
                    _intake.Enqueue(payment);
                }
                else
                {
                    _intake.Resume(payment);
                }
            }

            if (claimed.Count > 0)
            {
                _intake.Announce();
            }
        }

        return (rows, claimed.Count);
    }

    /// <summary>
    /// A payment taken from its row, in this process's terms: its age counts from when it was really accepted, and one
    /// with a recorded attempt is asked for at that processor before anything is sent again (the attempt's outcome is
    /// unknown here).
    /// </summary>
    private PendingPayment Restore(Guid id, long cents, long acceptedAtMs, ProcessorKind? pinnedTo, long requestedAtMs, int generation)
    {
        var ageMs = Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - acceptedAtMs);
        var acceptedAt = _time.GetTimestamp() - (long)(ageMs * (_time.TimestampFrequency / 1000.0));
        return new PendingPayment(id, cents, acceptedAt, generation) { PinnedTo = pinnedTo, RequestedAt = requestedAtMs, AskFirst = pinnedTo is not null };
    }
}
