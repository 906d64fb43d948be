using System.Net;
using System.Net.Sockets;

namespace PayRelay.Bench.Http;

/// <summary>
/// Builds the long-lived HTTP handlers of the bench: no proxy, redirects, cookies or decompression,
/// connections kept and reused, so measuring costs the measured system as little as possible.
/// </summary>
public static class BenchHttp
{
    /// <summary>A pooled invoker: as many kept-alive connections as requests in flight need.</summary>
    /// <param name="endpoint">Where requests go.</param>
    /// <param name="connectTimeout">How long a connection may take to open.</param>
    /// <param name="opened">Called once for every connection opened, if given.</param>
    public static HttpMessageInvoker CreateInvoker(ServiceEndpoint endpoint, TimeSpan connectTimeout, Action? opened = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = CreateHandler(connectTimeout, int.MaxValue);
        if (endpoint.UnixSocketPath is not null || opened is not null)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var stream = await ConnectAsync(endpoint, cancellationToken);
                opened?.Invoke();
                return stream;
            };
        }

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>A handler tuned like every handler of the bench, holding at most <paramref name="maxConnections"/>.</summary>
    public static SocketsHttpHandler CreateHandler(TimeSpan connectTimeout, int maxConnections) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = maxConnections,
    };

    /// <summary>Opens a connection to <paramref name="endpoint"/> (TCP without Nagle's delay, or its unix socket).</summary>
    public static async Task<Stream> ConnectAsync(ServiceEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = await ConnectSocketAsync(endpoint, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>Opens a connected socket to <paramref name="endpoint"/>.</summary>
    public static async Task<Socket> ConnectSocketAsync(ServiceEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Socket socket;
        EndPoint target;
        if (endpoint.UnixSocketPath is { } path)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            target = new UnixDomainSocketEndPoint(path);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            target = new DnsEndPoint(endpoint.BaseAddress.IdnHost, endpoint.BaseAddress.Port);
        }

        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
