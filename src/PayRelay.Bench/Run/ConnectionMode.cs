namespace PayRelay.Bench.Run;

/// <summary>How the payment users reach the backend.</summary>
public enum ConnectionMode
{
    /// <summary>Each user has its own kept-alive connection, reopened after a timeout, as k6 gives each user.</summary>
    PerUser,

    /// <summary>All users share a pool of kept-alive connections, as many as requests in flight need: a lighter load than k6's.</summary>
    Pooled,
}
