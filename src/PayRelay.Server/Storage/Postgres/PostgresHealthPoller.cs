using System.Text.Json;
using Npgsql;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Http;
using PayRelay.Server.Net;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// One health poller per processor for the whole deployment, however many instances come and go. Each instance tries
/// for a session advisory lock per processor on a connection of its own; the holder polls, and loses the lock the moment
/// its connection does (a crash, a database restart), so another takes over. The processors' limit (one call per
/// interval, shared by all callers) is kept by the <c>processor_health</c> row, not by the election: a call starts only
/// after an atomic update moved the row's <c>poll_started_at</c> forward by a full interval on the database's clock, and
/// the call's end moves it again, so not even two holders in a hand-over, or a call slow to leave, can reach the
/// processor twice within one window. Every instance reads the rows and feeds its board.
/// </summary>
public sealed class PostgresHealthPoller(
    PostgresDatabase database,
    ServerOptions options,
    HealthBoard board,
    TimeProvider time,
    ILogger<PostgresHealthPoller> logger) : BackgroundService
{
    /// <summary>The election's advisory lock keys, one per processor, beside the migration's.</summary>
    public static long LockKey(ProcessorKind kind) => PostgresSchema.MigrationLock + 1 + (int)kind;

    private readonly Http1Client[] _clients =
    [
        new(options.DefaultProcessorUrl.ToString(), options.HealthPollTimeout, time),
        new(options.FallbackProcessorUrl.ToString(), options.HealthPollTimeout, time),
    ];

    private readonly bool[] _holding = new bool[ProcessorKinds.Count];
    private readonly DateTimeOffset[] _applied = [DateTimeOffset.MinValue, DateTimeOffset.MinValue];
    private NpgsqlConnection? _election;

    /// <summary>How often an instance reads the shared results and tries the election: a fraction of the poll interval.</summary>
    private TimeSpan Tick => TimeSpan.FromMilliseconds(Math.Clamp(options.HealthPollInterval.TotalMilliseconds / 5, 50, 1000));

    /// <summary>Whether this instance holds the election for <paramref name="kind"/>.</summary>
    public bool Holds(ProcessorKind kind) => Volatile.Read(ref _holding[(int)kind]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ElectAndPollAsync(stoppingToken);
                    await ReadSharedAsync(stoppingToken);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    PostgresLog.HealthElectionFault(logger, e.Message);
                    DropElection();
                }

                await Task.Delay(Tick, time, stoppingToken);
            }
        }
        finally
        {
            // Stopping hands the election over at once: the others' next tick finds the locks free.
            DropElection();
        }
    }

    private async Task ElectAndPollAsync(CancellationToken cancellationToken)
    {
        if (_election is null)
        {
            _election = await database.Unpooled.OpenConnectionAsync(cancellationToken);
        }

        for (var i = 0; i < ProcessorKinds.Count; i++)
        {
            var kind = (ProcessorKind)i;
            if (!_holding[i])
            {
                await using var elect = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey(kind)})", _election);
                if ((bool)(await elect.ExecuteScalarAsync(cancellationToken))!)
                {
                    Volatile.Write(ref _holding[i], true);
                    PostgresLog.HealthElected(logger, ProcessorKinds.Name(kind), options.InstanceId);
                }
            }

            if (_holding[i] && await TryStartPollAsync(kind, cancellationToken))
            {
                await PollAsync(kind, cancellationToken);
            }
        }
    }

    /// <summary>Moves the row's start of the last call forward, if a full interval has passed since it: the call's permit.</summary>
    private async Task<bool> TryStartPollAsync(ProcessorKind kind, CancellationToken cancellationToken)
    {
        await using var start = new NpgsqlCommand(
            "UPDATE processor_health SET poll_started_at = now() WHERE processor = $1 AND poll_started_at <= now() - $2 * interval '1 millisecond' RETURNING processor",
            _election);
        start.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind });
        start.Parameters.Add(new NpgsqlParameter<long> { TypedValue = (long)options.HealthPollInterval.TotalMilliseconds });
        return await start.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private async Task PollAsync(ProcessorKind kind, CancellationToken cancellationToken)
    {
        var name = ProcessorKinds.Name(kind);
        ProcessorHealthWire? wire;
        try
        {
            var response = (await _clients[(int)kind].SendAsync("GET", "payments/service-health", ReadOnlyMemory<byte>.Empty, cancellationToken))
                .EnsureSuccess("the health check");
            wire = JsonSerializer.Deserialize(response.Body.Span, ServerJson.Default.ProcessorHealthWire);
        }
        catch (Exception e) when (e is Http1Exception or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            Log.HealthPollFailed(logger, name, e.Message);
            wire = null;
        }

        if (wire is null)
        {
            await using var ended = new NpgsqlCommand("UPDATE processor_health SET poll_started_at = now() WHERE processor = $1", _election);
            ended.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind });
            await ended.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        // The next permit counts from the end of this call, not its start: however long this call took to leave (a
        // first call's connect, a busy machine), the next one then reaches the processor a full interval after it.
        await using var write = new NpgsqlCommand(
            "UPDATE processor_health SET failing = $2, min_response_time = $3, polled_at = now(), source = $4, poll_started_at = now() WHERE processor = $1", _election);
        write.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)kind });
        write.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = wire.Failing });
        write.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)Math.Clamp(wire.MinResponseTime, 0, int.MaxValue) });
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = options.InstanceId });
        await write.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Feeds the board with every processor's latest shared result it has not seen yet.</summary>
    private async Task ReadSharedAsync(CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            "SELECT processor, failing, min_response_time, polled_at, source FROM processor_health WHERE polled_at > '-infinity'", _election);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kind = (ProcessorKind)reader.GetInt16(0);
            var polledAt = new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero);
            if (polledAt <= _applied[(int)kind])
            {
                continue;
            }

            _applied[(int)kind] = polledAt;
            var share = new HealthShare(ProcessorKinds.Name(kind), reader.GetBoolean(1), reader.GetInt32(2), polledAt, reader.GetString(4));
            var previous = board.Latest(kind);
            board.Apply(kind, share, fromPrimary: true);
            if (previous is null || previous.Failing != share.Failing || previous.MinResponseTime != share.MinResponseTime)
            {
                Log.HealthPolled(logger, share.Processor, share.Failing, share.MinResponseTime, share.Source);
            }
        }
    }

    /// <summary>A broken election connection has lost its locks with it: start over with a new one.</summary>
    private void DropElection()
    {
        for (var i = 0; i < _holding.Length; i++)
        {
            Volatile.Write(ref _holding[i], false);
        }

        // Taken once: the loop's own drop and Dispose (the host's, at the end) may meet on a stop.
        if (Interlocked.Exchange(ref _election, null) is { } election)
        {
            try
            {
                election.Dispose();
            }
            catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException)
            {
                // A connection broken under it (the database gone or restarting) has released its locks already.
                PostgresLog.HealthElectionFault(logger, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        DropElection();
        base.Dispose();
    }
}
