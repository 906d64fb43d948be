using System.Buffers;
using System.Net.Sockets;

namespace PayRelay.Server.Http.Wire;

/// <summary>What one read of a <see cref="WireConnection"/> returned.</summary>
/// <param name="Buffer">Every byte read and not yet consumed, as one segment.</param>
/// <param name="IsCompleted">The client has sent all it will (end of stream).</param>
/// <param name="IsCanceled">The read was cut short by <see cref="WireConnection.CancelPendingRead"/>.</param>
internal readonly record struct WireRead(ReadOnlySequence<byte> Buffer, bool IsCompleted, bool IsCanceled);

/// <summary>
/// One accepted socket as the wire layer reads and writes it: one growing input buffer the requests are parsed in
/// place from, and one output buffer that goes out in a single send per flush. Reads carry no cancellation token
/// (a token costs every read that waits a registration); <see cref="CancelPendingRead"/> shuts the socket's
/// receive side instead, which ends a waiting read at once, and the connection then ends.
/// </summary>
internal sealed class WireConnection(Socket socket) : IBufferWriter<byte>, IDisposable
{
    private const int InitialInputBytes = 4096;

    /// <summary>The input never needs more: a head, a body and a chunked body's framing at their limits.</summary>
    public const int MaxInputBytes = RequestHead.MaxLength + 4 + Http1ConnectionHandler.MaxBodyBytes + Http1ConnectionHandler.ChunkFramingAllowance;

    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private byte[] _input = new byte[InitialInputBytes];
    private int _start;
    private int _examined;
    private int _end;
    private bool _completed;
    private volatile bool _readCanceled;

    /// <summary>The handler's watch over this connection's waits, which the server's heartbeat visits.</summary>
    public ConnectionWatch? Watch { get; set; }

    /// <summary>Returns at once if bytes past the last examined position are buffered; otherwise waits for more.</summary>
    public async ValueTask<WireRead> ReadAsync()
    {
        if (_readCanceled)
        {
            return Current(canceled: true);
        }

        if (_end > _examined || _completed)
        {
            return Current(canceled: false);
        }

        MakeRoom();
        var read = await socket.ReceiveAsync(_input.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            _completed = !_readCanceled;
            return Current(_readCanceled);
        }

        _end += read;
        return Current(canceled: false);
    }

    /// <summary>Drops what was consumed; the next read waits for new bytes unless some lie past <paramref name="examined"/>.</summary>
    public void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _start = consumed.GetInteger();
        _examined = examined.GetInteger();
    }

    /// <summary>Ends a waiting read (or the next one) with <see cref="WireRead.IsCanceled"/>; nothing more is read after it.</summary>
    public void CancelPendingRead()
    {
        _readCanceled = true;
        try
        {
            socket.Shutdown(SocketShutdown.Receive);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing waits.
        }
    }

    public void Advance(int count) => _output.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _output.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _output.GetSpan(sizeHint);

    /// <summary>Sends everything written since the last flush.</summary>
    public async ValueTask FlushAsync()
    {
        var pending = _output.WrittenMemory;
        while (!pending.IsEmpty)
        {
            var sent = await socket.SendAsync(pending, SocketFlags.None);
            pending = pending[sent..];
        }

        _output.ResetWrittenCount();
    }

    /// <summary>Closes the socket: a read or send under way fails. The server also calls it to give up on a connection.</summary>
    public void Dispose() => socket.Dispose();

    private WireRead Current(bool canceled) =>
        new(new ReadOnlySequence<byte>(_input, _start, _end - _start), _completed, canceled);

    /// <summary>Moves unconsumed bytes to the front, or grows the buffer when they fill it.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_input, _start, _input, 0, _end - _start);
            _end -= _start;
            _examined -= _start;
            _start = 0;
        }

        if (_end == _input.Length)
        {
            if (_input.Length >= MaxInputBytes)
            {
                throw new WireException(StatusCodes.Status413PayloadTooLarge, $"the request is larger than {MaxInputBytes} bytes");
            }

            Array.Resize(ref _input, Math.Min(_input.Length * 2, MaxInputBytes));
        }
    }
}
