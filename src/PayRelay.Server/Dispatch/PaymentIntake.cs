using System.Threading.Channels;
using PayRelay.Server.Ledger;
using PayRelay.Server.Peers;

namespace PayRelay.Server.Dispatch;

/// <summary>The result of offering a payment to the intake.</summary>
public enum IntakeResult
{
    Accepted,
    Duplicate,
    QueueFull,
    Closed,
}

/// <summary>
/// The accept side of the queue: dedupes by correlationId and writes into a bounded channel. The channel's
/// overflow policy is to refuse: a full queue answers 503 rather than drop or block, because an accepted
/// payment is a promise. One reader, the dispatcher, drains it.
/// </summary>
public sealed class PaymentIntake : IReservationStore
{
    private readonly Channel<PendingPayment> _channel;
    // HashSets under a lock: their entries are structs in arrays (28 bytes a payment), where a
    // ConcurrentDictionary allocates a node object per id that the GC then walks for the process's life.
    // Split in 64 so no set's arrays reach the large-object heap, where each resize would leave its old
    // arrays as garbage until a full collection: at 100,000 ids a set holds about 1,600.
    private readonly HashSet<Guid>[] _seen = [.. Enumerable.Range(0, 64).Select(_ => new HashSet<Guid>())];
    private readonly Lock _seenGate = new();
    private readonly TimeProvider _time;
    private readonly PaymentLedger _ledger;
    private readonly DispatchCounters _counters;
    private volatile bool _closed;
    private Action _offered = static () => { };

    public PaymentIntake(int capacity, TimeProvider time, PaymentLedger ledger, DispatchCounters counters)
    {
        _channel = Channel.CreateBounded<PendingPayment>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        _time = time;
        _ledger = ledger;
        _counters = counters;
    }

    public ChannelReader<PendingPayment> Reader => _channel.Reader;

    public int Depth => _channel.Reader.Count;

    /// <summary>True once the instance drains: new payments are refused so the balancer sends them elsewhere.</summary>
    public bool Closed => _closed;

    public IntakeResult Offer(Guid correlationId, long amountCents)
    {
        if (_closed)
        {
            return IntakeResult.Closed;
        }

        bool added;
        lock (_seenGate)
        {
            added = Seen(correlationId).Add(correlationId);
        }

        if (!added)
        {
            _counters.OnDuplicate();
            return IntakeResult.Duplicate;
        }

        var payment = new PendingPayment(correlationId, amountCents, _time.GetTimestamp(), _ledger.Generation);
        if (!_channel.Writer.TryWrite(payment))
        {
            lock (_seenGate)
            {
                Seen(correlationId).Remove(correlationId);
            }

            return IntakeResult.QueueFull;
        }

        _counters.OnAccepted();
        return IntakeResult.Accepted;
    }

    /// <summary>
    /// Tells the dispatcher that a payment was queued. Separate from <see cref="Offer"/> so the caller can put
    /// its answer on the wire first: the dispatcher may start the attempt on the calling thread.
    /// </summary>
    public void Announce() => _offered();

    /// <summary>Sets what <see cref="Announce"/> calls: the dispatcher's doorbell.</summary>
    public void SetListener(Action offered) => _offered = offered;

    /// <summary>Stops accepting; what is queued stays for the dispatcher to finish.</summary>
    public void Close() => _closed = true;

    /// <summary>
    /// Forgets the correlationIds seen (part of a purge). What is queued belongs to the purged ledger
    /// generation; the dispatcher discards it unsent as it reads it, so the channel keeps a single reader.
    /// </summary>
    public void Purge()
    {
        lock (_seenGate)
        {
            foreach (var set in _seen)
            {
                set.Clear();
                set.TrimExcess();
            }
        }
    }

    /// <inheritdoc/>
    public Holding Find(Guid correlationId, long amountCents)
    {
        lock (_seenGate)
        {
            return Seen(correlationId).Contains(correlationId) ? Holding.SameAmount : Holding.None;
        }
    }

    /// <inheritdoc/>
    public Holding ReserveForPeer(Guid correlationId, long amountCents)
    {
        lock (_seenGate)
        {
            return Seen(correlationId).Add(correlationId) ? Holding.None : Holding.SameAmount;
        }
    }

    /// <inheritdoc/>
    public void ForgetPeerReservation(Guid correlationId)
    {
        lock (_seenGate)
        {
            Seen(correlationId).Remove(correlationId);
        }
    }

    private HashSet<Guid> Seen(Guid correlationId) => _seen[correlationId.GetHashCode() & (_seen.Length - 1)];

    /// <summary>Takes what is still queued once the dispatcher has stopped reading (shutdown only).</summary>
    public List<PendingPayment> TakeRemaining()
    {
        var remaining = new List<PendingPayment>();
        while (_channel.Reader.TryRead(out var payment))
        {
            remaining.Add(payment);
        }

        return remaining;
    }
}
