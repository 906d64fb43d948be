using Npgsql;
using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Ledger;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// The payments of the whole deployment in one PostgreSQL database. A payment is inserted before its 202, and the
/// primary key on correlationId is the deployment-wide duplicate check, so any instance may take any payment. The
/// instance that inserted a payment dispatches it from memory; the row says it holds it (<c>lease_owner</c>, this
/// process's run) for as long as it renews its row in <c>payrelay_instances</c>. When an instance stops renewing,
/// the others take its open payments over in batches (<c>FOR UPDATE SKIP LOCKED</c>), each pinned to the processor of
/// its last recorded attempt. An insert that committed but whose answer was lost leaves a row its live owner never
/// queued: the owner's sweep finds its own open rows that it does not hold and queues them. Inserts, attempts and
/// outcomes of concurrent callers share round trips (<see cref="GroupCommit{TRequest, TResult}"/>).
/// </summary>
public sealed partial class PostgresStore : IPaymentStore
{
    private readonly NpgsqlDataSource _source;
    private readonly PaymentIntake _intake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GroupCommit<(Guid Id, long Cents), AcceptResult> _accepts;
    private readonly GroupCommit<(Guid Id, ProcessorKind Processor, long RequestedAt), bool> _attempts;
    private readonly GroupCommit<(Guid Id, PaymentOutcome Outcome), bool> _outcomes;
    private volatile StoreState _state = StoreState.Recovering;
    private int _generation;

    public PostgresStore(PostgresDatabase database, PaymentIntake intake, ServerOptions options, TimeProvider time, ILogger<PostgresStore> logger)
    {
        _source = database.Source;
        _intake = intake;
        _time = time;
        _logger = logger;
        Owner = $"{options.InstanceId}-{Guid.NewGuid():N}";
        Lease = options.PostgresLease;
        _accepts = new(CommitAcceptsAsync);
        _attempts = new(CommitAttemptsAsync);
        _outcomes = new(CommitOutcomesAsync);
        _leases = time.CreateTimer(static s => ((PostgresStore)s!).OnLeaseTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>This process's run: a restarted instance is a new owner, so it never mistakes its predecessor's payments for its own.</summary>
    public string Owner { get; }

    /// <summary>How long this instance's payments stay its own without a renewal; others take them over after that.</summary>
    public TimeSpan Lease { get; }

    public bool Shared => true;

    public StoreState State => _state;

    public int Generation => Volatile.Read(ref _generation);

    public ValueTask<AcceptResult> AcceptAsync(Guid correlationId, long amountCents, CancellationToken cancellationToken)
    {
        var state = _state;
        if (state != StoreState.Open)
        {
            return ValueTask.FromResult(state == StoreState.Recovering ? AcceptResult.Recovering : AcceptResult.Closed);
        }

        if (_intake.Full)
        {
            return ValueTask.FromResult(AcceptResult.QueueFull);
        }

        return AwaitAccept(_accepts.Add((correlationId, amountCents)));
    }

    private static async ValueTask<AcceptResult> AwaitAccept(Task<AcceptResult> accepted)
    {
        try
        {
            return await accepted;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // Not inserted, or not known to be: 503, and the client's retry with the same id is answered from the row.
            return AcceptResult.Unavailable;
        }
    }

    public async ValueTask RecordAttemptAsync(PendingPayment payment, ProcessorKind processor, long requestedAtMs, CancellationToken cancellationToken)
    {
        if (!await _attempts.Add((payment.CorrelationId, processor, requestedAtMs)))
        {
            // Dispatch drops this copy: another instance holds the payment now, or it is gone.
            Release(payment);
            throw new PaymentNotHeldException(payment.CorrelationId);
        }
    }

    public async ValueTask<bool> RecordOutcomeAsync(PendingPayment payment, PaymentOutcome outcome, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var recorded = await _outcomes.Add((payment.CorrelationId, outcome));
                if (outcome.Kind != OutcomeKind.NotStored)
                {
                    // The payment ended (or had ended already): dispatch holds it no more. A payment not stored goes back to it.
                    Release(payment);
                }

                return recorded && payment.Generation == Generation;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && outcome.Kind == OutcomeKind.Confirmed)
            {
                // A processor charged it: the ledger must learn of it, so the confirmation waits out a database outage.
                PostgresLog.OutcomeRetried(_logger, payment.CorrelationId, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), _time, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// The deployment's totals over [from, to], both inclusive to the millisecond: the whole seconds strictly inside the
    /// range from the per-second rollup, and the rows of the two edge seconds (which may be cut) from the payments'
    /// index. A range within one second reads only rows. So the cost is the number of seconds plus two seconds of rows,
    /// not the number of payments.
    /// </summary>
    public async ValueTask<LedgerSummary> SummarizeAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var bounds = SummaryBounds.Of(fromMs, toMs);
        await using var command = _source.CreateCommand(
            """
            SELECT processor, sum(n)::bigint, sum(c)::bigint FROM (
                SELECT processor, count(*) AS n, sum(amount_cents) AS c FROM payments
                WHERE processor IS NOT NULL AND requested_at BETWEEN $1 AND $2 GROUP BY processor
                UNION ALL
                SELECT processor, count(*), sum(amount_cents) FROM payments
                WHERE processor IS NOT NULL AND requested_at BETWEEN $3 AND $4 GROUP BY processor
                UNION ALL
                SELECT processor, sum(count), sum(cents) FROM payments_per_second
                WHERE second > $5 AND second < $6 GROUP BY processor) t
            GROUP BY processor
            """);
        foreach (var value in (ReadOnlySpan<long>)[fromMs, bounds.FirstEdgeEnd, bounds.LastEdgeStart, bounds.LastEdgeEnd, bounds.FirstSecond, bounds.LastSecond])
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = value });
        }

        var totals = new ProcessorTotals[2];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            totals[reader.GetInt16(0)] = new ProcessorTotals(reader.GetInt64(1), reader.GetInt64(2));
        }

        return new LedgerSummary(totals[0], totals[1]);
    }

    public async ValueTask PurgeAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand("TRUNCATE payments, payments_per_second; UPDATE payrelay_meta SET generation = generation + 1 RETURNING generation");
        var generation = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        NoteGeneration(generation);
        ForgetCount();
    }

    public void Close() => _state = StoreState.Closed;

    /// <summary>A shared store hands nothing to a peer: whatever an instance leaves, the others take over.</summary>
    public ValueTask<int> AdoptAsync(IReadOnlyList<HandedOffPayment> payments, CancellationToken cancellationToken) => ValueTask.FromResult(0);

    public ValueTask MarkHandedOffAsync(IReadOnlyList<PendingPayment> payments, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _leases.DisposeAsync();
        await _accepts.DisposeAsync();
        await _attempts.DisposeAsync();
        await _outcomes.DisposeAsync();
    }
}
