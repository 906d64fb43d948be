namespace PayRelay.Server.Http.Wire;

/// <summary>Why a connection stopped waiting for input.</summary>
internal enum TimedOut
{
    No,
    Idle,
    Request,
}

/// <summary>
/// What the server's once-a-second heartbeat looks at: whether the connection waits for input, since when, and
/// for what (the next request, or the rest of one). One timer serves every connection.
/// </summary>
internal sealed class ConnectionWatch(WireConnection input, TimeProvider time)
{
    /// <summary>An idle keep-alive connection is closed after this long (Kestrel's default).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    /// <summary>A request that began arriving must be whole within this long, or it gets a 408 and the connection closes.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private long _idleSince = time.GetTimestamp();
    private long _requestStarted;
    private volatile bool _waiting;
    private volatile bool _inRequest;

    public TimedOut Outcome { get; private set; }

    public void BeginWait() => _waiting = true;

    /// <summary>A read returned; bytes with no request under way start one.</summary>
    public void EndWait(bool hasBytes)
    {
        _waiting = false;
        if (hasBytes && !_inRequest)
        {
            Volatile.Write(ref _requestStarted, time.GetTimestamp());
            _inRequest = true;
        }
    }

    /// <summary>A whole request was read; the connection is idle until the next one's first byte.</summary>
    public void RequestRead()
    {
        Volatile.Write(ref _idleSince, time.GetTimestamp());
        _inRequest = false;
    }

    public void OnHeartbeat()
    {
        if (!_waiting || Outcome != TimedOut.No)
        {
            return;
        }

        var request = _inRequest;
        var since = Volatile.Read(ref request ? ref _requestStarted : ref _idleSince);
        if (time.GetElapsedTime(since) > (request ? RequestTimeout : KeepAliveTimeout))
        {
            Outcome = request ? TimedOut.Request : TimedOut.Idle;
            input.CancelPendingRead();
        }
    }
}
