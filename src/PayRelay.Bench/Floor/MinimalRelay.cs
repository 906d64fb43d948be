using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PayRelay.Bench.Floor;

/// <summary>
/// The least a relay can do for a payment, as the CPU floor <c>scripts/floor.sh --backend relay</c> measures: on a
/// unix socket it answers each <c>POST /payments</c> 202 at once, reads the body's correlationId and amount, and
/// posts them with a requestedAt to one processor over pooled keep-alive TCP connections, reading each answer to
/// its end. No validation, dedupe, ledger, routing or retry, and nothing allocated per payment beyond the runtime's
/// own: what PayRelay.Server costs above this, on the same machine in the same hour, is what its guarantees cost.
/// <c>GET /healthz</c> answers 200 (the balancer's check); <c>GET /payments-summary</c> answers zeros and
/// <c>POST /purge-payments</c> 200, so a bench run against it completes (it keeps no ledger); anything else 404. A
/// request it cannot frame closes the connection.
/// </summary>
public sealed class MinimalRelay : IAsyncDisposable
{
    private const int BufferBytes = 8192;

    /// <summary>A pooled connection idle this long is closed, not reused: well inside Kestrel's 130 s keep-alive timeout.</summary>
    private const long IdleLimitMs = 30_000;
    private static readonly byte[] Accepted = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
    private static readonly byte[] Healthy = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
    private static readonly byte[] EmptySummary = SummaryAnswer();
    private static readonly byte[] NotFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    private readonly Socket _listener;
    private readonly EndPoint _processor;
    private readonly byte[] _requestHead;
    private readonly ConcurrentStack<ProcessorConnection> _idle = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _relayed;
    private long _failed;

    private MinimalRelay(Socket listener, Uri processor)
    {
        _listener = listener;
        _processor = new DnsEndPoint(processor.IdnHost, processor.Port);
        _requestHead = Encoding.ASCII.GetBytes($"POST /payments HTTP/1.1\r\nHost: {processor.Authority}\r\nContent-Type: application/json\r\nContent-Length: ");
        _accepting = AcceptAsync();
    }

    /// <summary>Payments the processor answered with a 2xx.</summary>
    public long Relayed => Interlocked.Read(ref _relayed);

    /// <summary>Payments whose post failed: another status, a broken connection, or no body to relay.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Listens on <paramref name="socketPath"/> (replacing a stale socket file) and relays to <paramref name="processor"/>.</summary>
    public static MinimalRelay Start(string socketPath, Uri processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        if (processor.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"only http:// processors are supported, not {processor}", nameof(processor));
        }

        File.Delete(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(512);
            if (!OperatingSystem.IsWindows())
            {
                // The balancer may run as another user.
                File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
            }
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new MinimalRelay(listener, processor);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                _ = ServeAsync(await _listener.AcceptAsync(_stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        var buffer = new byte[BufferBytes];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var used = 0;
                while (TryFrame(buffer.AsSpan(used, filled - used), out var headLength, out var total))
                {
                    var answer = Answer(buffer.AsSpan(used, total));
                    await client.SendAsync(answer, SocketFlags.None, _stop.Token);
                    if (answer == Accepted)
                    {
                        Relay(buffer.AsSpan(used + headLength, total - headLength));
                    }

                    used += total;
                }

                if (used == 0 && filled == buffer.Length)
                {
                    return;
                }

                Buffer.BlockCopy(buffer, used, buffer, 0, filled - used);
                filled -= used;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or InvalidDataException)
        {
            // The client went away, sent what this does not frame, or the relay stops.
        }
    }

    private static byte[] Answer(ReadOnlySpan<byte> request)
    {
        if (request.StartsWith("POST /payments "u8))
        {
            return Accepted;
        }

        if (request.StartsWith("GET /healthz "u8) || request.StartsWith("POST /purge-payments "u8))
        {
            return Healthy;
        }

        return request.StartsWith("GET /payments-summary "u8) || request.StartsWith("GET /payments-summary?"u8) ? EmptySummary : NotFound;
    }

    private static byte[] SummaryAnswer()
    {
        const string body = "{\"default\":{\"totalRequests\":0,\"totalAmount\":0},\"fallback\":{\"totalRequests\":0,\"totalAmount\":0}}";
        return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
    }

    /// <summary>A whole request at the start of <paramref name="data"/>: the length of its head (blank line included) and in all.</summary>
    internal static bool TryFrame(ReadOnlySpan<byte> data, out int headLength, out int total)
    {
        total = 0;
        var blank = data.IndexOf("\r\n\r\n"u8);
        headLength = blank + 4;
        if (blank < 0)
        {
            return false;
        }

        total = headLength + ContentLength(data[..blank]);
        return data.Length >= total;
    }

    /// <summary>The Content-Length header of a head, 0 when it has none.</summary>
    internal static int ContentLength(ReadOnlySpan<byte> head)
    {
        const string name = "\r\ncontent-length:";
        for (var i = 0; i + name.Length <= head.Length; i++)
        {
            if (!Ascii.EqualsIgnoreCase(head.Slice(i, name.Length), name))
            {
                continue;
            }

            var value = head[(i + name.Length)..];
            var end = value.IndexOf((byte)'\r');
            value = (end >= 0 ? value[..end] : value).Trim((byte)' ');
            return Utf8Parser.TryParse(value, out int length, out var consumed) && consumed == value.Length && length >= 0
                ? length
                : throw new InvalidDataException("Content-Length is not a number");
        }

        return 0;
    }

    private void Relay(ReadOnlySpan<byte> body)
    {
        var connection = TakeIdle() ?? new ProcessorConnection();

        var length = WriteRequest(connection.Send, body);
        if (length < 0)
        {
            Interlocked.Increment(ref _failed);
            Return(connection);
            return;
        }

        _ = PostAsync(connection, length);
    }

    private ProcessorConnection? TakeIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            if (Environment.TickCount64 - connection.IdleSince < IdleLimitMs)
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    private void Return(ProcessorConnection connection)
    {
        connection.IdleSince = Environment.TickCount64;
        _idle.Push(connection);
    }

    /// <summary>The processor's request for the payment in <paramref name="body"/>; -1 when it names no correlationId or amount.</summary>
    private int WriteRequest(byte[] into, ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> id = default;
        ReadOnlySpan<byte> amount = default;
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var isId = reader.ValueTextEquals("correlationId"u8);
                    var isAmount = reader.ValueTextEquals("amount"u8);
                    reader.Read();
                    if (isId && reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                    {
                        id = reader.ValueSpan;
                    }
                    else if (isAmount && reader.TokenType == JsonTokenType.Number)
                    {
                        amount = reader.ValueSpan;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return -1;
        }

        if (id.IsEmpty || amount.IsEmpty || id.Length > 64 || amount.Length > 32)
        {
            return -1;
        }

        Span<byte> json = stackalloc byte[256];
        var n = Append(json, 0, "{\"correlationId\":\""u8);
        n = Append(json, n, id);
        n = Append(json, n, "\",\"amount\":"u8);
        n = Append(json, n, amount);
        n = Append(json, n, ",\"requestedAt\":\""u8);
        DateTime.UtcNow.TryFormat(json[n..], out var stamp, "yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        n = Append(json, n + stamp, "\"}"u8);

        var length = Append(into, 0, _requestHead);
        Utf8Formatter.TryFormat(n, into.AsSpan(length), out var digits);
        length = Append(into, length + digits, "\r\n\r\n"u8);
        return Append(into, length, json[..n]);
    }

    private static int Append(Span<byte> into, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into[at..]);
        return at + bytes.Length;
    }

    private async Task PostAsync(ProcessorConnection connection, int length)
    {
        try
        {
            var status = await connection.ExchangeAsync(_processor, length, _stop.Token);
            Interlocked.Increment(ref status is >= 200 and < 300 ? ref _relayed : ref _failed);
            Return(connection);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or InvalidDataException or IOException)
        {
            Interlocked.Increment(ref _failed);
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>One keep-alive connection to the processor, connected on first use, carrying one exchange at a time.</summary>
    private sealed class ProcessorConnection : IDisposable
    {
        private readonly byte[] _receive = new byte[BufferBytes];
        private Socket? _socket;

        public byte[] Send { get; } = new byte[1024];

        /// <summary>When the connection went back to the pool (<see cref="Environment.TickCount64"/>).</summary>
        public long IdleSince { get; set; }

        /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="Send"/>; returns the answer's status once it is read whole.</summary>
        public async Task<int> ExchangeAsync(EndPoint processor, int length, CancellationToken cancellationToken)
        {
            if (_socket is null)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(processor, cancellationToken);
                _socket = socket;
            }

            await _socket.SendAsync(Send.AsMemory(0, length), SocketFlags.None, cancellationToken);
            var filled = 0;
            while (true)
            {
                var read = await _socket.ReceiveAsync(_receive.AsMemory(filled), SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    throw new IOException("the processor closed the connection");
                }

                filled += read;
                if (TryFrame(_receive.AsSpan(0, filled), out _, out var total))
                {
                    if (total != filled)
                    {
                        throw new InvalidDataException("more than one answer to one request");
                    }

                    // "HTTP/1.1 200 ...": the status is the three digits after the first space.
                    return Utf8Parser.TryParse(_receive.AsSpan(9, 3), out int status, out _) ? status : throw new InvalidDataException("no status");
                }

                if (filled == _receive.Length)
                {
                    throw new InvalidDataException("an answer longer than the buffer");
                }
            }
        }

        public void Dispose() => _socket?.Dispose();
    }
}
