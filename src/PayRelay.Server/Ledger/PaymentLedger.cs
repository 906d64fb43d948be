using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Ledger;

/// <summary>
/// The confirmed payments of this instance: per processor, the requestedAt (Unix ms) sent to the
/// processor and the amount in cents, in two parallel arrays. Confirmations arrive a few hundred per
/// second, so one lock is cheap; a summary scans the arrays, which at 100,000 payments is a few tens of
/// microseconds and needs no index.
/// </summary>
public sealed class PaymentLedger
{
    private readonly Lock _gate = new();
    private readonly Column[] _columns = [new(), new()];
    private int _generation;

    /// <summary>The current generation; payments accepted before a purge belong to an older one.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Records a confirmed payment; returns false when it belongs to a purged generation.</summary>
    public bool Record(ProcessorKind processor, long requestedAtMs, long amountCents, int generation)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                return false;
            }

            _columns[(int)processor].Add(requestedAtMs, amountCents);
            return true;
        }
    }

    /// <summary>Totals per processor over requestedAt in [fromMs, toMs], both bounds inclusive.</summary>
    public LedgerSummary Summarize(long fromMs, long toMs)
    {
        lock (_gate)
        {
            return new LedgerSummary(_columns[0].Sum(fromMs, toMs), _columns[1].Sum(fromMs, toMs));
        }
    }

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _columns[0].Length + _columns[1].Length;
            }
        }
    }

    /// <summary>A copy of one processor's entries (requestedAt and cents, in parallel), for a journal snapshot.</summary>
    public (long[] RequestedAtMs, long[] Cents) Copy(ProcessorKind processor)
    {
        lock (_gate)
        {
            var column = _columns[(int)processor];
            return (column.Stamps.ToArray(), column.Amounts.ToArray());
        }
    }

    /// <summary>Forgets every payment and starts a new generation, so confirmations still in flight are dropped.</summary>
    public void Purge()
    {
        lock (_gate)
        {
            _generation++;
            _columns[0] = new Column();
            _columns[1] = new Column();
        }
    }

    private sealed class Column
    {
        private long[] _requestedAt = new long[1024];
        private long[] _cents = new long[1024];

        public int Length { get; private set; }

        public ReadOnlySpan<long> Stamps => _requestedAt.AsSpan(0, Length);

        public ReadOnlySpan<long> Amounts => _cents.AsSpan(0, Length);

        public void Add(long requestedAtMs, long cents)
        {
            if (Length == _requestedAt.Length)
            {
                Array.Resize(ref _requestedAt, Length * 2);
                Array.Resize(ref _cents, Length * 2);
            }

            _requestedAt[Length] = requestedAtMs;
            _cents[Length] = cents;
            Length++;
        }

        public ProcessorTotals Sum(long fromMs, long toMs)
        {
            long count = 0;
            long cents = 0;
            var stamps = _requestedAt.AsSpan(0, Length);
            var amounts = _cents.AsSpan(0, Length);
            for (var i = 0; i < stamps.Length; i++)
            {
                var t = stamps[i];
                if (t >= fromMs && t <= toMs)
                {
                    count++;
                    cents += amounts[i];
                }
            }

            return new ProcessorTotals(count, cents);
        }
    }
}
