namespace PayRelay.Server.Peers;

/// <summary>What an instance answers when its peer asks to reserve a correlationId, and how a checked payment ends.</summary>
public enum Reservation
{
    /// <summary>Nobody here holds the id: it is now reserved for the asker, and a payment may be accepted there.</summary>
    Granted,

    /// <summary>The id is held here with the same amount: the payment is a repeat, processed once.</summary>
    Duplicate,

    /// <summary>The id is held here with another amount (409).</summary>
    Conflict,

    /// <summary>This instance is checking the id with its own peer right now: try again shortly (503).</summary>
    Busy,

    /// <summary>The peer could not be asked, or did not answer in time: nothing was accepted (503).</summary>
    Unavailable,
}
