using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PayRelay.Server.Tests.Support;

/// <summary>One response as it came off the wire: <see cref="Head"/> is its status line and headers as sent.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string Head = "");

/// <summary>
/// A byte-level HTTP/1.1 client on a unix socket or TCP: it sends exactly the bytes it is given (pipelined, split,
/// malformed) and reads responses one at a time, so tests see the server's framing, not a client library's.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly List<byte> _buffered = [];

    private RawHttpConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static Task<RawHttpConnection> OpenAsync(string socketPath) =>
        OpenAsync(new UnixDomainSocketEndPoint(socketPath));

    /// <summary>A connection to a server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public static Task<RawHttpConnection> OpenAsync(Uri baseAddress) =>
        OpenAsync(new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port));

    public static async Task<RawHttpConnection> OpenAsync(EndPoint endpoint)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint);
            return new RawHttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Tells the server this client sends nothing more (a FIN), leaving the connection open for reading.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// Reads one response: status line, headers, and a Content-Length body, except after a <c>HEAD</c> request or
    /// for a status that never has one (1xx, 204, 304), whose head ends the response whatever its Content-Length says.
    /// </summary>
    public async Task<RawResponse> ReadResponseAsync(bool headRequest = false)
    {
        var headEnd = await FillUntilAsync(() => IndexOf("\r\n\r\n"u8));
        var head = Encoding.Latin1.GetString([.. _buffered.GetRange(0, headEnd)]);
        _buffered.RemoveRange(0, headEnd + 4);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var bodyless = headRequest || status is (>= 100 and < 200) or 204 or 304;
        var length = !bodyless && headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) : 0;
        await FillUntilAsync(() => _buffered.Count >= length ? length : -1);
        var body = Encoding.UTF8.GetString([.. _buffered.GetRange(0, length)]);
        _buffered.RemoveRange(0, length);
        return new RawResponse(status, headers, body, head);
    }

    /// <summary>True when the server closes the connection with nothing more to read, within the deadline.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var chunk = new byte[256];
        try
        {
            return _buffered.Count == 0 && await _stream.ReadAsync(chunk, deadline.Token) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Everything the server sends until it closes the connection (a reset counts as a close).</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(chunk, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                _buffered.AddRange(chunk.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
            // Reset: what arrived before it is the answer.
        }

        var all = _buffered.ToArray();
        _buffered.Clear();
        return all;
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();

    private int IndexOf(ReadOnlySpan<byte> pattern) => _buffered.ToArray().AsSpan().IndexOf(pattern);

    private async Task<int> FillUntilAsync(Func<int> found)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var chunk = new byte[4096];
        while (true)
        {
            var at = found();
            if (at >= 0)
            {
                return at;
            }

            var read = await _stream.ReadAsync(chunk, deadline.Token);
            if (read == 0)
            {
                throw new IOException("the server closed the connection before a whole response");
            }

            _buffered.AddRange(chunk.AsSpan(0, read));
        }
    }
}
