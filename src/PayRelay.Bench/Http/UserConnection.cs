using System.Net.Sockets;

namespace PayRelay.Bench.Http;

/// <summary>
/// One virtual user's own kept-alive connection, as k6 gives each user: opened when the user starts, used by that
/// user alone, and, once a timeout has closed it, opened again before the user's next request, so the time to
/// connect is no part of a request's duration (k6 leaves it out of <c>http_req_duration</c> too). The handler holds
/// at most one connection; it takes the one opened here, or opens one itself if the server closed it meanwhile.
/// </summary>
public sealed class UserConnection : IDisposable
{
    private readonly ServiceEndpoint _endpoint;
    private readonly HttpMessageInvoker _invoker;
    private readonly Action? _opened;
    private Stream? _ready;
    private int _live;

    /// <param name="endpoint">The backend.</param>
    /// <param name="connectTimeout">How long opening the connection may take.</param>
    /// <param name="opened">Called for every connection this user opens.</param>
    public UserConnection(ServiceEndpoint endpoint, TimeSpan connectTimeout, Action? opened = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _opened = opened;
        ConnectTimeout = connectTimeout;
        var handler = BenchHttp.CreateHandler(connectTimeout, maxConnections: 1);
        handler.ConnectCallback = (_, cancellationToken) => TakeAsync(cancellationToken);
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>What the user sends its requests through.</summary>
    public HttpMessageInvoker Invoker => _invoker;

    public TimeSpan ConnectTimeout { get; }

    /// <summary>True while a connection is open, or opened and waiting for the next request.</summary>
    public bool IsOpen => Volatile.Read(ref _live) > 0;

    /// <summary>
    /// Opens the connection if none is open. A failure is left for the next request to meet, as k6 meets it
    /// (the request then connects itself and gets no answer if that fails again).
    /// </summary>
    public async Task OpenAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (IsOpen)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var stream = await OpenNewAsync(linked.Token);
            var previous = Interlocked.Exchange(ref _ready, stream);
            previous?.Dispose();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (SocketException)
        {
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        Interlocked.Exchange(ref _ready, null)?.Dispose();
    }

    private async ValueTask<Stream> TakeAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _ready, null) ?? await OpenNewAsync(cancellationToken);

    private async Task<Stream> OpenNewAsync(CancellationToken cancellationToken)
    {
        var socket = await BenchHttp.ConnectSocketAsync(_endpoint, cancellationToken);
        _opened?.Invoke();
        return new TrackedStream(socket, this);
    }

    /// <summary>The connection's stream, which tells its user when the handler has closed it.</summary>
    private sealed class TrackedStream : NetworkStream
    {
        private readonly UserConnection _owner;
        private int _closed;

        public TrackedStream(Socket socket, UserConnection owner)
            : base(socket, ownsSocket: true)
        {
            _owner = owner;
            Interlocked.Increment(ref owner._live);
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Interlocked.Decrement(ref _owner._live);
            }

            base.Dispose(disposing);
        }
    }
}
