using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PayRelay.Server.Net;

namespace PayRelay.Server.Peers;

/// <summary>
/// Talks to the other instance over its internal endpoints, by TCP or by a unix socket written the way
/// Kestrel's <c>--urls</c> writes it (<c>http://unix:/path/to.sock</c>). Every call has a short deadline:
/// a peer that does not answer must not hold up a summary or a purge for long.
/// </summary>
public sealed class PeerClient : IDisposable
{
    private readonly Http1Client _http;

    public PeerClient(string peerUrl, TimeSpan timeout, TimeProvider? time = null)
    {
        Display = peerUrl;
        _http = new Http1Client(peerUrl, timeout, time ?? TimeProvider.System);
    }

    public string Display { get; }

    public async Task<T?> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var response = Succeeded(await _http.SendAsync("GET", path, ReadOnlyMemory<byte>.Empty, cancellationToken), path);
        return JsonSerializer.Deserialize(response.Body.Span, type);
    }

    public async Task PostAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        Succeeded(await _http.SendAsync("POST", path, JsonSerializer.SerializeToUtf8Bytes(body, type), cancellationToken), path);

    public async Task PostAsync(string path, CancellationToken cancellationToken) =>
        Succeeded(await _http.SendAsync("POST", path, ReadOnlyMemory<byte>.Empty, cancellationToken), path);

    /// <summary>POSTs a JSON body and answers the status, whatever it is: the caller reads its meaning.</summary>
    public async Task<int> PostForStatusAsync(string path, ReadOnlyMemory<byte> json, CancellationToken cancellationToken) =>
        (await _http.SendAsync("POST", path, json, cancellationToken)).Status;

    private Http1Response Succeeded(Http1Response response, string path) => response.EnsureSuccess($"{path} on the peer {Display}");

    public void Dispose() => _http.Dispose();
}
