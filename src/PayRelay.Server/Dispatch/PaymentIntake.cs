using System.Threading.Channels;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// The queue between the store and the dispatcher: the store puts each payment here once it has taken it
/// (accepted, recovered, adopted from the peer, or claimed from a shared database) and the dispatcher, its one
/// reader, drains it in order. Its capacity is a stated overflow policy: past it, new payments are refused (503)
/// rather than dropped or blocked on, because an accepted payment is a promise. Payments the store already
/// holds (recovered, adopted) are never refused for room.
/// </summary>
public sealed class PaymentIntake
{
    private readonly Channel<PendingPayment> _channel;
    private readonly int _capacity;
    private Action _offered = static () => { };
    private Action<PendingPayment> _resumed = static _ => { };

    public PaymentIntake(int capacity)
    {
        _capacity = capacity;
        // Not declared single-reader although it has one: only the general unbounded channel can count what it holds.
        _channel = Channel.CreateUnbounded<PendingPayment>(new UnboundedChannelOptions
        {
            SingleReader = false,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public ChannelReader<PendingPayment> Reader => _channel.Reader;

    public int Depth => _channel.Reader.Count;

    /// <summary>True when a new payment would find no room: the store refuses it before promising anything.</summary>
    public bool Full => _channel.Reader.Count >= _capacity;

    /// <summary>Queues a payment the store has taken; the room was checked with <see cref="Full"/> before the promise.</summary>
    public void Enqueue(PendingPayment payment) => _channel.Writer.TryWrite(payment);

    /// <summary>
    /// Hands the dispatcher a payment that is pinned to a processor (its last attempt's outcome is unknown): it
    /// skips the queue's routing and is resolved on that processor first.
    /// </summary>
    public void Resume(PendingPayment payment) => _resumed(payment);

    /// <summary>
    /// Tells the dispatcher that a payment was queued. Separate from queuing so the caller can put its answer on
    /// the wire first: the dispatcher may start the attempt on the calling thread.
    /// </summary>
    public void Announce() => _offered();

    /// <summary>Sets what <see cref="Announce"/> calls (the dispatcher's doorbell) and what takes <see cref="Resume"/>d payments.</summary>
    public void SetListener(Action offered, Action<PendingPayment> resumed)
    {
        _offered = offered;
        _resumed = resumed;
    }

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
