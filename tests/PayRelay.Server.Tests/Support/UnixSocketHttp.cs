using System.Net;
using System.Net.Sockets;

namespace PayRelay.Server.Tests.Support;

/// <summary>HTTP clients for an instance listening on a unix socket, the way the balancer reaches it.</summary>
public static class UnixSocketHttp
{
    public static HttpClient Client(string socketPath, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken),
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost/"), Timeout = timeout ?? TimeSpan.FromSeconds(15) };
    }

    /// <summary>Opens a stream to a unix socket, for a <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
