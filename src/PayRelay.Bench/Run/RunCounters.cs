namespace PayRelay.Bench.Run;

/// <summary>Live counts of a run, updated by every user without locks and read by the progress display.</summary>
public sealed class RunCounters
{
    private long _succeeded;
    private long _failed;
    private long _timedOut;
    private long _inconsistencies;
    private long _checks;
    private int _activeUsers;
    private long _connectionsOpened;
    private int _usersStarted;

    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Payments answered with a status outside 200, 201, 202, 204, or not at all.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The part of <see cref="Failed"/> that got no answer within the timeout.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    public long Inconsistencies => Interlocked.Read(ref _inconsistencies);

    public long Checks => Interlocked.Read(ref _checks);

    public int ActiveUsers => Volatile.Read(ref _activeUsers);

    /// <summary>Users that started before the duration ended.</summary>
    public int UsersStarted => Volatile.Read(ref _usersStarted);

    /// <summary>Connections the payments were sent over: each user's own, reopened after a timeout, or the shared pool's.</summary>
    public long ConnectionsOpened => Interlocked.Read(ref _connectionsOpened);

    /// <summary>Every payment's correlationId by its answer, when a charge check follows the run; null otherwise.</summary>
    public PaymentIds? Ids { get; init; }

    /// <summary>Counts one answer and, when kept, notes the payment's correlationId under it.</summary>
    public void PaymentAnswered(Guid correlationId, int status)
    {
        PaymentAnswered(status);
        Ids?.Add(correlationId, status);
    }

    /// <summary>Counts one answer to POST /payments the way the official script does.</summary>
    public void PaymentAnswered(int status)
    {
        if (status is 200 or 201 or 202 or 204)
        {
            Interlocked.Increment(ref _succeeded);
            return;
        }

        Interlocked.Increment(ref _failed);
        if (status == 0)
        {
            Interlocked.Increment(ref _timedOut);
        }
    }

    public void CheckDone(long inconsistencies)
    {
        Interlocked.Increment(ref _checks);
        Interlocked.Add(ref _inconsistencies, inconsistencies);
    }

    public void ConnectionOpened() => Interlocked.Increment(ref _connectionsOpened);

    public void UserStarted()
    {
        Interlocked.Increment(ref _usersStarted);
        Interlocked.Increment(ref _activeUsers);
    }

    public void UserStopped() => Interlocked.Decrement(ref _activeUsers);
}
