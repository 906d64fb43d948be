namespace PayRelay.Server.Net;

/// <summary>
/// Idle keep-alive connections to one server, most recently used first. A connection idle longer than
/// <see cref="IdleLimit"/> is closed rather than reused, well inside Kestrel's keep-alive timeout, so a
/// call rarely meets a connection the server is closing.
/// </summary>
internal sealed class ConnectionPool(int maxIdle, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    private readonly Stack<Http1Connection> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public Http1Connection? TakeIdle()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            while (_idle.TryPop(out var connection))
            {
                if (time.GetElapsedTime(connection.IdleSince, now) < IdleLimit)
                {
                    return connection;
                }

                connection.Dispose();
            }
        }

        return null;
    }

    /// <summary>Keeps a connection that ended its call cleanly; closes one that cannot carry another.</summary>
    public void Return(Http1Connection connection)
    {
        if (connection.Reusable)
        {
            connection.IdleSince = time.GetTimestamp();
            lock (_gate)
            {
                if (!_disposed && _idle.Count < maxIdle)
                {
                    _idle.Push(connection);
                    return;
                }
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }
}
