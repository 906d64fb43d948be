namespace PayRelay.Server.Storage;

/// <summary>What a store answers when a payment is offered; <c>POST /payments</c> maps each to its status.</summary>
public enum AcceptResult
{
    /// <summary>202: taken, durable as the store promises, and queued for dispatch.</summary>
    Accepted,

    /// <summary>202: the same correlationId with the same amount was accepted before; it is processed once.</summary>
    Duplicate,

    /// <summary>409: the correlationId was accepted before with another amount.</summary>
    Conflict,

    /// <summary>503: the store holds as many open payments as it may.</summary>
    QueueFull,

    /// <summary>503: the instance drains and takes nothing new.</summary>
    Closed,

    /// <summary>503: the store replays what it held before a restart and takes nothing until it is whole.</summary>
    Recovering,

    /// <summary>503: the store cannot promise durability now (a disk or a database error).</summary>
    Unavailable,
}

/// <summary>Where a store is in its life; the health check and the internal summary answer from it.</summary>
public enum StoreState
{
    /// <summary>Replaying its journal (or reconnecting): no payments taken, no summary given.</summary>
    Recovering,

    /// <summary>Taking payments.</summary>
    Open,

    /// <summary>Draining: no new payments; what it holds is being finished or handed off.</summary>
    Closed,
}
