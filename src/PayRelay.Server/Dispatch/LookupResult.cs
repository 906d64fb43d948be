namespace PayRelay.Server.Dispatch;

/// <summary>What <c>GET /payments/{id}</c> on a processor tells about a payment.</summary>
public enum LookupKind
{
    /// <summary>200: the processor holds the payment, with the amount and requestedAt it stored.</summary>
    Found,

    /// <summary>404: the processor does not hold it (yet: a slow processor may still be inside an earlier attempt's delay).</summary>
    NotFound,

    /// <summary>Timeout, no connection, 429, 5xx, an answer that cannot be read, anything else: nothing is learnt.</summary>
    Unknown,
}

/// <summary>The answer of one lookup; <see cref="AmountCents"/> and <see cref="RequestedAtMs"/> (Unix ms) are meaningful when found.</summary>
public readonly record struct LookupResult(LookupKind Kind, long AmountCents, long RequestedAtMs)
{
    public static LookupResult NotFound { get; } = new(LookupKind.NotFound, 0, 0);

    public static LookupResult Unknown { get; } = new(LookupKind.Unknown, 0, 0);

    public static LookupResult Found(long amountCents, long requestedAtMs) => new(LookupKind.Found, amountCents, requestedAtMs);
}
