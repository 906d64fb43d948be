using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace PayRelay.Server.Net;

/// <summary>
/// One keep-alive HTTP/1.1 connection, used by one call at a time: it sends a request its owner wrote into
/// <see cref="SendBuffer"/> and reads the response far enough to know its status and where it ends
/// (Content-Length, chunked, or the connection's close), so the connection can carry the next one. The body
/// is kept only when the caller asks for it. A response it cannot frame is an <see cref="InvalidDataException"/>.
/// </summary>
internal sealed partial class Http1Connection(Socket socket) : IDisposable
{
    /// <summary>Longest accepted line of a response head; also the read buffer's size.</summary>
    public const int BufferBytes = 4096;

    /// <summary>Longest body kept for a caller: the peer's and the processors' answers are a few hundred bytes.</summary>
    public const int MaxKeptBodyBytes = 1 << 20;

    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _start;
    private int _end;
    private ArrayBufferWriter<byte>? _body;
    private int _bodyLimit = MaxKeptBodyBytes;

    public byte[] SendBuffer { get; private set; } = new byte[1024];

    /// <summary>False once the server asked to close, the body ran to the end of the stream, or anything failed.</summary>
    public bool Reusable { get; private set; }

    /// <summary>When the connection went back to its pool, for the idle limit.</summary>
    public long IdleSince { get; set; }

    /// <summary>Connects to <paramref name="endpoint"/>: a unix socket, or TCP without Nagle's delay.</summary>
    public static async Task<Http1Connection> OpenAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new Http1Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A send buffer of at least <paramref name="bytes"/>.</summary>
    public byte[] SendBufferOf(int bytes)
    {
        if (SendBuffer.Length < bytes)
        {
            SendBuffer = new byte[bytes];
        }

        return SendBuffer;
    }

    /// <summary>
    /// Sends the first <paramref name="length"/> bytes of <see cref="SendBuffer"/> and returns the response's status;
    /// the body goes to <paramref name="body"/> when one is given, and is read past otherwise.
    /// </summary>
    public ValueTask<int> ExchangeAsync(int length, ArrayBufferWriter<byte>? body, CancellationToken cancellationToken) =>
        ExchangeAsync(length, body, MaxKeptBodyBytes, cancellationToken);

    /// <summary>
    /// As <see cref="ExchangeAsync(int, ArrayBufferWriter{byte}?, CancellationToken)"/>, with a body longer than
    /// <paramref name="maxBodyBytes"/> (at most <see cref="MaxKeptBodyBytes"/>) refused as an <see cref="InvalidDataException"/>.
    /// </summary>
    public async ValueTask<int> ExchangeAsync(int length, ArrayBufferWriter<byte>? body, int maxBodyBytes, CancellationToken cancellationToken)
    {
        Reusable = false;
        _body = body;
        _bodyLimit = Math.Min(maxBodyBytes, MaxKeptBodyBytes);
        var sent = 0;
        while (sent < length)
        {
            sent += await socket.SendAsync(SendBuffer.AsMemory(sent, length - sent), SocketFlags.None, cancellationToken);
        }

        if (_start == _end)
        {
            // The whole response nearly always arrives in one read. Waiting for it here, rather than deep in the
            // line reader, lets the parse below finish synchronously: only this method suspends, not a chain.
            _start = _end = 0;
            Filled(await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken));
        }

        var response = await ReadResponseAsync(cancellationToken);
        _body = null;
        Reusable = response.KeepAlive && _start == _end;
        return response.Status;
    }

    /// <summary>Moves <paramref name="count"/> bytes of the read buffer, from <see cref="_start"/>, into the kept body.</summary>
    private void Keep(int count)
    {
        if (_body is null || count == 0)
        {
            return;
        }

        if (_body.WrittenCount + count > _bodyLimit)
        {
            throw new InvalidDataException($"the response body is longer than {_bodyLimit} bytes");
        }

        _body.Write(_buffer.AsSpan(_start, count));
    }

    public void Dispose() => socket.Dispose();
}
