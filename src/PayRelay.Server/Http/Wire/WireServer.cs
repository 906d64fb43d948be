using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using PayRelay.Server.Configuration;

namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The instance's server in Kestrel's place: it binds the host's <c>--urls</c> (TCP, or <c>http://unix:/path.sock</c>),
/// accepts connections and runs <see cref="Http1ConnectionHandler"/> on each, straight on the socket. Kestrel's
/// transport hands every request through two pipes and a receive loop of its own; here a request is one receive into
/// the connection's buffer and its answer one send, on the thread the socket completed on. The host's request
/// pipeline is not used: the wire layer routes every request itself. Once a second a heartbeat lets each connection's
/// <see cref="ConnectionWatch"/> time out idle connections and requests that stall. On stop the listeners close, every
/// connection is asked to close (an idle one at once, a busy one after its answer), and those still open when the
/// host's shutdown deadline passes are closed. At most <see cref="ServerOptions.MaxConnections"/> connections are served
/// at once: one more is answered 503 and closed at once, so the memory hostile clients can take is bounded by the limit
/// times what one connection may hold (one request's head and body at their limits, from the <see cref="WireBufferPool"/>).
/// </summary>
public sealed partial class WireServer : IServer
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>After the shutdown deadline, how long closed connections' handlers get to notice before stop returns.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(1);

    /// <summary>The answer to a connection beyond the limit: constant bytes, sent before any of its request is read.</summary>
    private static readonly byte[] Busy = BusyAnswer();

    private readonly Http1ConnectionHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger<WireServer> _logger;
    private readonly int _maxConnections;
    private readonly LogThrottle _refusals;
    private readonly ServerAddressesFeature _addresses = new();
    private readonly List<Listener> _listeners = [];
    private readonly Dictionary<WireConnection, Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly List<Task> _accepting = [];
    private ITimer? _heartbeat;

    public WireServer(Http1ConnectionHandler handler, ServerOptions options, TimeProvider time, ILogger<WireServer> logger)
    {
        _handler = handler;
        _time = time;
        _logger = logger;
        _maxConnections = options.MaxConnections;
        BufferPool = new WireBufferPool((long)options.MaxConnections * WireBufferPool.LargeSize);
        _refusals = new LogThrottle(time, TimeSpan.FromSeconds(1));
        Features.Set<IServerAddressesFeature>(_addresses);
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>The buffers every connection reads and writes with.</summary>
    internal WireBufferPool BufferPool { get; }

    /// <summary>Connections being served now (those refused at the limit are not counted).</summary>
    internal int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var requested = _addresses.Addresses.Count == 0 ? [DefaultUrl] : _addresses.Addresses.ToArray();
        _addresses.Addresses.Clear();
        try
        {
            foreach (var url in requested)
            {
                foreach (var listener in Bind(url))
                {
                    _listeners.Add(listener);
                    _addresses.Addresses.Add(listener.Url);
                }
            }
        }
        catch
        {
            CloseListeners();
            throw;
        }

        foreach (var listener in _listeners)
        {
            _accepting.Add(AcceptAsync(listener.Socket));
        }

        _heartbeat = _time.CreateTimer(static state => ((WireServer)state!).Beat(), this, HeartbeatInterval, HeartbeatInterval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CloseListeners();
        await Task.WhenAll(_accepting);
        await _closing.CancelAsync();
        try
        {
            await Task.WhenAll(Running()).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Log.ConnectionsAborted(_logger, Running().Length);
            await _aborted.CancelAsync();
            AbortConnections();
            try
            {
                // A handler still waiting on something else (a peer, say) fails on its closed socket once that returns.
                await Task.WhenAll(Running()).WaitAsync(AbortGrace, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                // The host exits anyway; those handlers end with the process.
            }
        }

        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }
    }

    public void Dispose()
    {
        CloseListeners();
        _heartbeat?.Dispose();
        AbortConnections();

        _closing.Dispose();
        _aborted.Dispose();
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The listener closed: the server stops.
                return;
            }

            if (socket.ProtocolType == ProtocolType.Tcp)
            {
                socket.NoDelay = true;
            }

            int open;
            lock (_gate)
            {
                open = _connections.Count;
                if (open < _maxConnections)
                {
                    var connection = new WireConnection(socket, BufferPool);
                    _connections[connection] = ServeAsync(connection);
                    continue;
                }
            }

            _ = RefuseAsync(socket, open);
        }
    }

    /// <summary>A connection beyond the limit: a 503 (which a balancer retries elsewhere), then closed.</summary>
    private async Task RefuseAsync(Socket socket, int open)
    {
        if (_refusals.TryPass(out var suppressed))
        {
            WireLog.ConnectionRefused(_logger, open, suppressed);
        }

        try
        {
            await socket.SendAsync(Busy, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The client left first.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static byte[] BusyAnswer()
    {
        var body = Responses.ErrorBody("this instance serves as many connections as it is configured to; retry");
        var head = $"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private async Task ServeAsync(WireConnection connection)
    {
        // Off the accept loop at once: the loop takes the next connection while this one is served.
        await Task.Yield();
        try
        {
            await _handler.RunAsync(connection, _closing.Token, _aborted.Token);
        }
        catch (Exception e)
        {
            Log.ConnectionFault(_logger, e);
        }
        finally
        {
            connection.Dispose();
            connection.ReturnBuffers();
            lock (_gate)
            {
                _connections.Remove(connection);
            }
        }
    }

    private void AbortConnections()
    {
        lock (_gate)
        {
            foreach (var connection in _connections.Keys)
            {
                connection.Dispose();
            }
        }
    }

    private void Beat()
    {
        lock (_gate)
        {
            foreach (var connection in _connections.Keys)
            {
                connection.Watch?.OnHeartbeat();
            }
        }
    }

    private Task[] Running()
    {
        lock (_gate)
        {
            return [.. _connections.Values];
        }
    }

    private void CloseListeners()
    {
        foreach (var listener in _listeners)
        {
            listener.Close();
        }
    }
}
