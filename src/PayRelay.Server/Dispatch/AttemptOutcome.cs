namespace PayRelay.Server.Dispatch;

/// <summary>What one POST to a processor tells about the payment.</summary>
public enum AttemptOutcome
{
    /// <summary>200: stored by this attempt.</summary>
    Confirmed,

    /// <summary>422: the processor already has this correlationId.</summary>
    AlreadyExists,

    /// <summary>500, 429 and other 5xx, or no connection: nothing was stored.</summary>
    NotStored,

    /// <summary>Timeout or a connection lost after sending: the processor may or may not store it.</summary>
    Unknown,

    /// <summary>Any other 4xx: the processor refuses the request itself; retrying cannot help.</summary>
    Refused,
}
