using Npgsql;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// Inserts a batch of payments in one statement; the primary key decides which are new. The same id twice in one
    /// batch is inserted once, and the later request answered as a repeat of the first. The statement also reads the
    /// purge generation, so a payment accepted just after another instance's purge is not taken for an old one.
    /// </summary>
    private async Task CommitAcceptsAsync(List<(Guid Id, long Cents)> batch, AcceptResult[] results, CancellationToken cancellationToken)
    {
        var first = new Dictionary<Guid, int>(batch.Count);
        var ids = new List<Guid>(batch.Count);
        var cents = new List<long>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (first.TryAdd(batch[i].Id, i))
            {
                ids.Add(batch[i].Id);
                cents.Add(batch[i].Cents);
            }
        }

        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        var inserted = new HashSet<Guid>();
        await using (var insert = new NpgsqlCommand(
            """
            WITH ins AS (
                INSERT INTO payments (correlation_id, amount_cents, lease_owner)
                SELECT id, cents, $3 FROM unnest($1::uuid[], $2::bigint[]) AS t(id, cents)
                ON CONFLICT (correlation_id) DO NOTHING
                RETURNING correlation_id)
            SELECT ins.correlation_id, m.generation FROM payrelay_meta m LEFT JOIN ins ON true
            """,
            connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
            insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. cents] });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                NoteGeneration(reader.GetInt32(1));
                if (!reader.IsDBNull(0))
                {
                    inserted.Add(reader.GetGuid(0));
                }
            }
        }

        var stored = inserted.Count == ids.Count ? [] : await StoredAmountsAsync(connection, ids.FindAll(id => !inserted.Contains(id)), cancellationToken);
        var generation = Generation;
        for (var i = 0; i < batch.Count; i++)
        {
            var (id, amount) = batch[i];
            var firstOfId = first[id];
            if (firstOfId == i && inserted.Contains(id))
            {
                // Not held yet unless a sweep met the row first (a commit slower than its grace): then it is queued already.
                if (Hold(id, generation))
                {
                    _intake.Enqueue(new PendingPayment(id, amount, _time.GetTimestamp(), generation));
                }

                results[i] = AcceptResult.Accepted;
                continue;
            }

            long? kept = inserted.Contains(id) ? batch[firstOfId].Cents : stored.TryGetValue(id, out var found) ? found : null;
            results[i] = kept is null ? AcceptResult.Unavailable : kept == amount ? AcceptResult.Duplicate : AcceptResult.Conflict;
        }
    }

    /// <summary>
    /// The amounts of ids that were there already. A separate statement: one inserted by a transaction that committed
    /// while the insert waited on it is not in the insert's snapshot, but it is in this one's.
    /// </summary>
    private static async Task<Dictionary<Guid, long>> StoredAmountsAsync(NpgsqlConnection connection, List<Guid> ids, CancellationToken cancellationToken)
    {
        var amounts = new Dictionary<Guid, long>(ids.Count);
        await using var select = new NpgsqlCommand("SELECT correlation_id, amount_cents FROM payments WHERE correlation_id = ANY($1)", connection);
        select.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. ids] });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            amounts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return amounts;
    }

    /// <summary>
    /// Records attempts about to be sent, only for payments this instance still holds: one taken over meanwhile, or
    /// purged, answers false and is not sent.
    /// </summary>
    private async Task CommitAttemptsAsync(List<(Guid Id, ProcessorKind Processor, long RequestedAt)> batch, bool[] results, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            """
            UPDATE payments p SET attempt_to = t.processor, attempt_requested_at = t.requested_at
            FROM unnest($1::uuid[], $2::smallint[], $3::bigint[]) AS t(id, processor, requested_at)
            WHERE p.correlation_id = t.id AND p.lease_owner = $4 AND NOT p.done
            RETURNING p.correlation_id
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. batch.ConvertAll(a => a.Id)] });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. batch.ConvertAll(a => (short)a.Processor)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.ConvertAll(a => a.RequestedAt)] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
        var held = await ReturnedIdsAsync(command, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = held.Contains(batch[i].Id);
        }
    }

    /// <summary>
    /// Records how payments ended, in one statement. A confirmation sets the processor and requestedAt once (a trigger
    /// refuses any change after that); a refusal closes the payment without a ledger entry; "not stored" clears the
    /// attempt so the payment may go to either processor, and only while this instance holds it. The same statement adds
    /// the confirmations to the per-second rollup (<c>payments_per_second</c>), in key order, so two instances confirming
    /// into the same seconds wait for each other rather than deadlock. A confirmation learnt from a lookup carries the
    /// amount the processor holds, which replaces the accepted one (so a later repeat with the accepted amount is a conflict).
    /// </summary>
    private async Task CommitOutcomesAsync(List<(Guid Id, PaymentOutcome Outcome)> batch, bool[] results, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            """
            WITH recorded AS (
                UPDATE payments p SET
                    processor = CASE WHEN t.kind = 0 THEN t.processor END,
                    requested_at = CASE WHEN t.kind = 0 THEN t.requested_at END,
                    amount_cents = CASE WHEN t.kind = 0 AND t.cents > 0 THEN t.cents ELSE p.amount_cents END,
                    done = t.kind <> 3,
                    attempt_to = CASE WHEN t.kind = 3 THEN NULL ELSE p.attempt_to END,
                    attempt_requested_at = CASE WHEN t.kind = 3 THEN NULL ELSE p.attempt_requested_at END
                FROM unnest($1::uuid[], $2::smallint[], $3::smallint[], $4::bigint[], $6::bigint[]) AS t(id, kind, processor, requested_at, cents)
                WHERE p.correlation_id = t.id AND NOT p.done AND (t.kind <> 3 OR p.lease_owner = $5)
                RETURNING p.correlation_id, p.processor, p.requested_at, p.amount_cents),
            rolled AS (
                INSERT INTO payments_per_second (processor, second, count, cents)
                SELECT processor, floor(requested_at / 1000.0)::bigint, count(*), sum(amount_cents)::bigint
                FROM recorded WHERE processor IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
                ON CONFLICT (processor, second) DO UPDATE SET count = payments_per_second.count + excluded.count, cents = payments_per_second.cents + excluded.cents)
            SELECT correlation_id FROM recorded
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. batch.ConvertAll(o => o.Id)] });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. batch.ConvertAll(o => (short)o.Outcome.Kind)] });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = [.. batch.ConvertAll(o => (short)o.Outcome.Processor)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.ConvertAll(o => o.Outcome.RequestedAtMs)] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Owner });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. batch.ConvertAll(o => o.Outcome.HeldCents ?? 0)] });
        var recorded = await ReturnedIdsAsync(command, cancellationToken);
        for (var i = 0; i < batch.Count; i++)
        {
            results[i] = recorded.Contains(batch[i].Id);
        }
    }

    private static async Task<HashSet<Guid>> ReturnedIdsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Moves this instance to a newer purge generation; what it holds of an older one is dropped unsent.</summary>
    private void NoteGeneration(int generation)
    {
        var current = Volatile.Read(ref _generation);
        while (generation > current)
        {
            var seen = Interlocked.CompareExchange(ref _generation, generation, current);
            if (seen == current)
            {
                ForgetOlderThan(generation);
                return;
            }

            current = seen;
        }
    }
}
