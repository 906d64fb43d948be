using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PayRelay.Server.Net;

/// <summary>The status and the body of an answer from <see cref="Http1Client"/>.</summary>
public readonly record struct Http1Response(int Status, ReadOnlyMemory<byte> Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>This answer when it is a 2xx; otherwise an <see cref="Http1Exception"/> saying <c>{who} answered {status}</c>.</summary>
    public Http1Response EnsureSuccess(string who) => IsSuccess ? this : throw new Http1Exception($"{who} answered {Status}");
}

/// <summary>A call could not be made or was not answered whole: connection refused, reset, or a malformed answer.</summary>
public sealed class Http1Exception(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// A small HTTP/1.1 client for the few internal calls an instance makes (health polls, the peer's summary,
/// purge and health push) over TCP or a unix socket, on the same keep-alive connections as the payment path,
/// so the process needs no HttpClient at all. Each call has a deadline; on a timeout it throws
/// <see cref="OperationCanceledException"/>, on any transport or framing failure <see cref="Http1Exception"/>.
/// </summary>
public sealed class Http1Client : IDisposable
{
    private readonly EndPoint _endpoint;
    private readonly string _host;
    private readonly TimeSpan _timeout;
    private readonly ConnectionPool _pool;

    /// <param name="url">The server: <c>http://host:port</c>, or <c>http://unix:/path.sock</c> as Kestrel's <c>--urls</c> writes it.</param>
    /// <param name="timeout">The deadline of each call, connecting included.</param>
    /// <param name="time">The clock of the idle limit.</param>
    public Http1Client(string url, TimeSpan timeout, TimeProvider time)
    {
        if (TryUnixSocketPath(url, out var socketPath))
        {
            _endpoint = new UnixDomainSocketEndPoint(socketPath);
            _host = "localhost";
        }
        else
        {
            var uri = new Uri(url);
            if (uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new ArgumentException($"only http:// URLs are supported, not {url}", nameof(url));
            }

            _endpoint = new DnsEndPoint(uri.IdnHost, uri.Port);
            _host = uri.Authority;
        }

        _timeout = timeout;
        _pool = new ConnectionPool(2, time);
    }

    /// <summary>Recognises <c>http://unix:/path.sock</c> and returns the socket path.</summary>
    public static bool TryUnixSocketPath(string url, out string path)
    {
        const string prefix = "http://unix:";
        path = url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? url[prefix.Length..] : string.Empty;
        return path.Length > 0;
    }

    /// <summary>Sends <paramref name="method"/> <paramref name="path"/> with an optional JSON body and returns the answer.</summary>
    public async Task<Http1Response> SendAsync(string method, string path, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var connection = _pool.TakeIdle() ?? await ConnectAsync(deadline.Token);
        try
        {
            var length = WriteRequest(connection, method, path, json.Span);
            var body = new ArrayBufferWriter<byte>();
            var status = await connection.ExchangeAsync(length, body, deadline.Token);
            _pool.Return(connection);
            return new Http1Response(status, body.WrittenMemory);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidDataException)
        {
            connection.Dispose();
            throw new Http1Exception($"{method} {path}: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private int WriteRequest(Http1Connection connection, string method, string path, ReadOnlySpan<byte> json)
    {
        var head = $"{method} /{path.TrimStart('/')} HTTP/1.1\r\nHost: {_host}\r\nContent-Length: {json.Length}\r\n"
            + (json.IsEmpty ? "\r\n" : "Content-Type: application/json\r\n\r\n");
        var buffer = connection.SendBufferOf(Encoding.ASCII.GetByteCount(head) + json.Length);
        var n = Encoding.ASCII.GetBytes(head, buffer);
        json.CopyTo(buffer.AsSpan(n));
        return n + json.Length;
    }

    private async Task<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Http1Connection.OpenAsync(_endpoint, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new Http1Exception($"cannot connect to {_endpoint}: {e.Message}", e);
        }
    }

    public void Dispose() => _pool.Dispose();
}
