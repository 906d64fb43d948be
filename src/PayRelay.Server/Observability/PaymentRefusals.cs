namespace PayRelay.Server.Observability;

/// <summary>Why <c>POST /payments</c> refused a payment; each has its status.</summary>
public enum RefusalReason
{
    /// <summary>400: malformed JSON, a bad correlationId or amount.</summary>
    Invalid,

    /// <summary>413: a body over the payment limit.</summary>
    TooLarge,

    /// <summary>415: not application/json.</summary>
    NotJson,

    /// <summary>503: the queue is full.</summary>
    QueueFull,

    /// <summary>503: the instance drains.</summary>
    Draining,

    /// <summary>409: the correlationId was accepted before with another amount.</summary>
    Conflict,

    /// <summary>503: the instance replays its journal after a restart.</summary>
    Recovering,

    /// <summary>503: the store cannot keep payments (a disk or database error).</summary>
    Unavailable,

    /// <summary>503: a correlationId in a non-canonical spelling the peer could not clear (it is down, or checking the id itself).</summary>
    PeerCheck,
}

/// <summary>Payments refused at the door, by reason. Counted only on a refusal: an accepted payment costs nothing here.</summary>
public sealed class PaymentRefusals
{
    private static readonly (string Reason, string Status)[] Labels =
        [("invalid", "400"), ("too-large", "413"), ("not-json", "415"), ("queue-full", "503"), ("draining", "503"),
            ("conflict", "409"), ("recovering", "503"), ("unavailable", "503"), ("peer-check", "503")];

    private readonly long[] _counts = new long[Labels.Length];

    public static int Count => Labels.Length;

    public void Add(RefusalReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    public long this[RefusalReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    public static (string Reason, string Status) LabelsOf(RefusalReason reason) => Labels[(int)reason];
}
