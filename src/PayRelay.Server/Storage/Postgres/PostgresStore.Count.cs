using Npgsql;

namespace PayRelay.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>How long a count read from the database is served before the next read asks again.</summary>
    private static readonly TimeSpan CountMaxAge = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after <see cref="Count"/> was last read the lease ticks keep it fresh, so a reader that comes back
    /// seldom (a scraper every 15 s) is not served what its own previous read fetched.
    /// </summary>
    private static readonly TimeSpan CountWatched = TimeSpan.FromMinutes(1);

    private long _count;
    private long _countReadAt;
    private long _countWantedAt;
    private int _countRefreshing;

    /// <summary>
    /// The deployment's confirmed payments, as every instance's summary counts them: the sum of the per-second rollup,
    /// read in the background when a read finds it older than a second (and on the lease ticks while someone reads it),
    /// so a read never waits for the database and is at most about a second old. Its cost is that of a summary over the
    /// whole range: one rollup row per processor and second of confirmations.
    /// </summary>
    public long Count
    {
        get
        {
            Volatile.Write(ref _countWantedAt, _time.GetTimestamp());
            RefreshCountIfStale();
            return Interlocked.Read(ref _count);
        }
    }

    /// <summary>On a lease tick: keeps the count fresh while it is being read.</summary>
    private void RefreshCountIfWatched()
    {
        var wantedAt = Volatile.Read(ref _countWantedAt);
        if (wantedAt != 0 && _time.GetElapsedTime(wantedAt) < CountWatched)
        {
            RefreshCountIfStale();
        }
    }

    private void RefreshCountIfStale()
    {
        var readAt = Volatile.Read(ref _countReadAt);
        if ((readAt != 0 && _time.GetElapsedTime(readAt) < CountMaxAge) || Interlocked.Exchange(ref _countRefreshing, 1) == 1)
        {
            return;
        }

        _ = RefreshCountAsync();
    }

    private async Task RefreshCountAsync()
    {
        try
        {
            await using var command = _source.CreateCommand("SELECT (SELECT coalesce(sum(count), 0)::bigint FROM payments_per_second), generation FROM payrelay_meta");
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                var generation = reader.GetInt32(1);
                NoteGeneration(generation);
                if (generation == Generation)
                {
                    // Else a purge came after this read, and its count starts from zero.
                    Interlocked.Exchange(ref _count, reader.GetInt64(0));
                    Volatile.Write(ref _countReadAt, _time.GetTimestamp());
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // The last count stands; the next read asks again.
        }
        finally
        {
            Volatile.Write(ref _countRefreshing, 0);
        }
    }

    /// <summary>After this instance's purge: nothing is confirmed, and the next read asks the database.</summary>
    private void ForgetCount()
    {
        Interlocked.Exchange(ref _count, 0);
        Volatile.Write(ref _countReadAt, 0);
    }
}
