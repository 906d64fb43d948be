using System.Collections.Concurrent;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <summary>
    /// The payments this process holds in memory (queued, waiting for a retry, or in an attempt), by id, with the purge
    /// generation of the copy. Every path that queues a payment (an accept, a take-over, the sweep) first claims its id
    /// here, and only the one that claims it queues it, so no process ever holds two copies of one payment.
    /// </summary>
    private readonly ConcurrentDictionary<Guid, int> _held = new();

    /// <summary>Payments released while a sweep was reading: their entries go only once the sweep has claimed what it read.</summary>
    private readonly ConcurrentQueue<KeyValuePair<Guid, int>> _releasedWhileSweeping = new();

    private int _sweeping;

    /// <summary>Payments this process holds now (for tests and diagnostics).</summary>
    internal int HeldCount => _held.Count;

    /// <summary>
    /// Claims <paramref name="id"/> for a copy of <paramref name="generation"/>: true when this caller is to queue it,
    /// false when the process holds it already. A copy of an older generation does not count: dispatch drops it unsent.
    /// </summary>
    private bool Hold(Guid id, int generation)
    {
        while (true)
        {
            if (_held.TryAdd(id, generation))
            {
                return true;
            }

            if (_held.TryGetValue(id, out var held))
            {
                if (held >= generation)
                {
                    return false;
                }

                if (_held.TryUpdate(id, generation, held))
                {
                    return true;
                }
            }
        }
    }

    /// <summary>
    /// Forgets a copy that dispatch no longer holds: it ended (its outcome is recorded) or was dropped (not held here
    /// any more). While a sweep is reading, the entry stays until the sweep is done: the sweep's read may predate the
    /// outcome's commit, and without the entry it would take the payment for a lost one.
    /// </summary>
    private void Release(PendingPayment payment)
    {
        var entry = KeyValuePair.Create(payment.CorrelationId, payment.Generation);
        if (Volatile.Read(ref _sweeping) == 0)
        {
            _held.TryRemove(entry);
        }
        else
        {
            _releasedWhileSweeping.Enqueue(entry);
        }
    }

    /// <summary>Forgets the releases a sweep held back; called by the sweep, before it reads and once it has claimed.</summary>
    private void ForgetReleased()
    {
        while (_releasedWhileSweeping.TryDequeue(out var entry))
        {
            _held.TryRemove(entry);
        }
    }

    /// <summary>A purge started <paramref name="generation"/>: the copies of older ones are dropped unsent, so their entries go.</summary>
    private void ForgetOlderThan(int generation)
    {
        foreach (var entry in _held)
        {
            if (entry.Value < generation)
            {
                _held.TryRemove(entry);
            }
        }
    }
}
