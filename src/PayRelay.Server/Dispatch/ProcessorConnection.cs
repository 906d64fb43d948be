using System.Net.Sockets;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a processor, used by one attempt at a time: it sends a request
/// written by <see cref="ProcessorClient"/> and reads the response far enough to know its status and where
/// it ends (Content-Length, chunked, or the connection's close), so the connection can carry the next one.
/// A response it cannot frame is an <see cref="InvalidDataException"/>: the caller treats the outcome as unknown.
/// </summary>
internal sealed partial class ProcessorConnection(Socket socket) : IDisposable
{
    /// <summary>Longest accepted line of a response head; also the read buffer's size.</summary>
    public const int BufferBytes = 4096;

    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _start;
    private int _end;

    public byte[] SendBuffer { get; } = new byte[1024];

    /// <summary>False once the processor asked to close, the body ran to the end of the stream, or anything failed.</summary>
    public bool Reusable { get; private set; }

    /// <summary>When the connection went back to the pool, for the idle limit.</summary>
    public long IdleSince { get; set; }

    /// <summary>Sends the first <paramref name="length"/> bytes of <see cref="SendBuffer"/> and returns the response's status.</summary>
    public async ValueTask<int> ExchangeAsync(int length, CancellationToken cancellationToken)
    {
        Reusable = false;
        var sent = 0;
        while (sent < length)
        {
            sent += await socket.SendAsync(SendBuffer.AsMemory(sent, length - sent), SocketFlags.None, cancellationToken);
        }

        var response = await ReadResponseAsync(cancellationToken);
        Reusable = response.KeepAlive && _start == _end;
        return response.Status;
    }

    public void Dispose() => socket.Dispose();
}
