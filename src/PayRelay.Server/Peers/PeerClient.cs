using System.Net;
using System.Net.Sockets;
using System.Text.Json.Serialization.Metadata;

namespace PayRelay.Server.Peers;

/// <summary>
/// Talks to the other instance over its internal endpoints, by TCP or by a unix socket written the way
/// Kestrel's <c>--urls</c> writes it (<c>http://unix:/path/to.sock</c>). Every call has a short deadline:
/// a peer that does not answer must not hold up a summary or a purge for long.
/// </summary>
public sealed class PeerClient : IDisposable
{
    private readonly HttpClient _http;

    public PeerClient(string peerUrl, TimeSpan timeout)
    {
        Display = peerUrl;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        Uri baseAddress;
        if (TryUnixSocketPath(peerUrl, out var socketPath))
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);
            baseAddress = new Uri("http://peer/");
        }
        else
        {
            baseAddress = new Uri(peerUrl.EndsWith('/') ? peerUrl : peerUrl + "/");
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public string Display { get; }

    /// <summary>Recognises <c>http://unix:/path.sock</c> and returns the socket path.</summary>
    public static bool TryUnixSocketPath(string url, out string path)
    {
        const string prefix = "http://unix:";
        path = url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? url[prefix.Length..] : string.Empty;
        return path.Length > 0;
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

    public async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync(path, type, cancellationToken);

    public async Task PostAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, type, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
