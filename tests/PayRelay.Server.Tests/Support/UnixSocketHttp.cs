using System.Net;
using PayRelay.Server.Peers;

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
            ConnectCallback = (_, cancellationToken) => PeerClient.ConnectUnixAsync(socketPath, cancellationToken),
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost/"), Timeout = timeout ?? TimeSpan.FromSeconds(15) };
    }
}
