using System.Text;

namespace PayRelay.Server.Tests.Support;

/// <summary>One response as it came off the wire.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A byte-level HTTP/1.1 client on a unix socket: it sends exactly the bytes it is given (pipelined, split,
/// malformed) and reads responses one at a time, so tests see the server's framing, not a client library's.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly Stream _stream;
    private readonly List<byte> _buffered = [];

    private RawHttpConnection(Stream stream) => _stream = stream;

    public static async Task<RawHttpConnection> OpenAsync(string socketPath) =>
        new(await UnixSocketHttp.ConnectUnixAsync(socketPath, CancellationToken.None));

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Reads one response: status line, headers, and a Content-Length body.</summary>
    public async Task<RawResponse> ReadResponseAsync()
    {
        var headEnd = await FillUntilAsync(() => IndexOf("\r\n\r\n"u8));
        var head = Encoding.ASCII.GetString([.. _buffered.GetRange(0, headEnd)]);
        _buffered.RemoveRange(0, headEnd + 4);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, System.Globalization.CultureInfo.InvariantCulture) : 0;
        await FillUntilAsync(() => _buffered.Count >= length ? length : -1);
        var body = Encoding.UTF8.GetString([.. _buffered.GetRange(0, length)]);
        _buffered.RemoveRange(0, length);
        return new RawResponse(status, headers, body);
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
