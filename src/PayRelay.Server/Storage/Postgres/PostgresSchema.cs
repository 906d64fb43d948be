using Npgsql;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// The tables, created and migrated at start. Every instance of a deployment runs this as it starts, possibly at the same
/// moment: a session advisory lock lets one migrate while the others wait, then find nothing left to do. Each migration
/// runs in its own transaction with the row that records it in <c>payrelay_schema</c>, so a crash halfway leaves the
/// previous version whole.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The advisory lock key of migrations ("PayRelay" schema); the health election uses keys beside it.</summary>
    public const long MigrationLock = 0x5061_7952_0000_0001;

    /// <summary>Migrations in order; the version of each is its index plus one. Never edit one that has shipped: add another.</summary>
    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE payments (
            correlation_id uuid PRIMARY KEY,
            amount_cents bigint NOT NULL CHECK (amount_cents > 0),
            accepted_at timestamptz NOT NULL DEFAULT now(),
            -- The instance (one process's run) dispatching the payment; while it is alive nobody else touches it.
            lease_owner text NOT NULL,
            -- The attempt under way, recorded before it is sent: after a crash it is resolved on that processor first.
            attempt_to smallint CHECK (attempt_to IN (0, 1)),
            attempt_requested_at bigint,
            -- Set once, on confirmation: the processor that stored it and the requestedAt (Unix ms) it stored.
            processor smallint CHECK (processor IN (0, 1)),
            requested_at bigint,
            -- True once nothing more will be done: confirmed, or refused by a processor.
            done boolean NOT NULL DEFAULT false,
            CHECK ((processor IS NULL) = (requested_at IS NULL)),
            CHECK ((attempt_to IS NULL) = (attempt_requested_at IS NULL)),
            CHECK (processor IS NULL OR done),
            CHECK (processor IS NULL OR attempt_to IS NULL OR processor = attempt_to)
        );

        -- The summary: an index-only scan over confirmed payments in a requestedAt range.
        CREATE INDEX payments_confirmed ON payments (requested_at) INCLUDE (processor, amount_cents) WHERE processor IS NOT NULL;

        -- Take-over: the payments still to do, oldest first.
        CREATE INDEX payments_pending ON payments (accepted_at) INCLUDE (lease_owner) WHERE NOT done;

        -- One correlationId is confirmed by at most one processor, ever: once set, the confirmation is final.
        CREATE FUNCTION payrelay_payment_final() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.processor IS NOT NULL AND (NEW.processor IS DISTINCT FROM OLD.processor OR NEW.requested_at IS DISTINCT FROM OLD.requested_at) THEN
                RAISE EXCEPTION 'payment % is already confirmed by processor %', OLD.correlation_id, OLD.processor;
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER payments_final BEFORE UPDATE ON payments FOR EACH ROW EXECUTE FUNCTION payrelay_payment_final();

        -- Each running instance renews its row; payments of an instance whose row expired are taken over.
        CREATE TABLE payrelay_instances (
            id text PRIMARY KEY,
            alive_until timestamptz NOT NULL
        );

        -- One row: the purge generation, so every instance learns of a purge and drops what it still holds of the old one.
        CREATE TABLE payrelay_meta (
            only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
            generation integer NOT NULL
        );
        INSERT INTO payrelay_meta (generation) VALUES (0);

        -- The deployment's health poll: one row per processor, written by whichever instance holds that processor's election.
        CREATE TABLE processor_health (
            processor smallint PRIMARY KEY CHECK (processor IN (0, 1)),
            failing boolean NOT NULL,
            min_response_time integer NOT NULL,
            polled_at timestamptz NOT NULL,
            source text NOT NULL,
            -- When the last call to the processor's health endpoint started: the next starts an interval later, whoever makes it.
            poll_started_at timestamptz NOT NULL
        );
        INSERT INTO processor_health VALUES (0, false, 0, '-infinity', '', '-infinity'), (1, false, 0, '-infinity', '', '-infinity');
        """,
        """
        -- The summary's rollup: confirmations per processor and second of requestedAt (floor of Unix ms / 1000), kept in the
        -- statement that confirms them, so a summary over any range reads whole seconds here and only its two edge
        -- seconds from payments.
        CREATE TABLE IF NOT EXISTS payments_per_second (
            processor smallint NOT NULL CHECK (processor IN (0, 1)),
            second bigint NOT NULL,
            count bigint NOT NULL,
            cents bigint NOT NULL,
            PRIMARY KEY (processor, second)
        );

        -- Backfill what was confirmed before this version. Confirmations wait for the lock until this commits, so the
        -- rollup is exact; recomputing (not adding) makes it safe to run again.
        LOCK TABLE payments IN SHARE MODE;
        INSERT INTO payments_per_second (processor, second, count, cents)
        SELECT processor, floor(requested_at / 1000.0)::bigint, count(*), sum(amount_cents)::bigint
        FROM payments WHERE processor IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (processor, second) DO UPDATE SET count = excluded.count, cents = excluded.cents;
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>
    /// Brings the schema to <see cref="LatestVersion"/>; returns the version found before. Give it an unpooled source: the
    /// session lock it takes then never outlives the connection, whatever happens to the unlock.
    /// </summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await Execute(connection, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await Execute(connection, "CREATE TABLE IF NOT EXISTS payrelay_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
            int found;
            await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM payrelay_schema", connection))
            {
                found = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
            }

            if (found > LatestVersion)
            {
                throw new StoreStartException($"the database's schema is version {found}, newer than this release's {LatestVersion}: run the newer release");
            }

            for (var version = found + 1; version <= LatestVersion; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await Execute(connection, Migrations[version - 1], cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO payrelay_schema (version) VALUES ($1)", connection))
                {
                    record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return found;
        }
        finally
        {
            await Execute(connection, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
