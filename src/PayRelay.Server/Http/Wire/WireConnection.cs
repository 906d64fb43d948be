using System.Buffers;
using System.Net.Sockets;

namespace PayRelay.Server.Http.Wire;

/// <summary>What one read of a <see cref="WireConnection"/> returned.</summary>
/// <param name="Buffer">Every byte read and not yet consumed, as one segment.</param>
/// <param name="IsCompleted">The client has sent all it will (end of stream).</param>
/// <param name="IsCanceled">The read was cut short by <see cref="WireConnection.CancelPendingRead"/>.</param>
internal readonly record struct WireRead(ReadOnlySequence<byte> Buffer, bool IsCompleted, bool IsCanceled);

/// <summary>
/// One accepted socket as the wire layer reads and writes it: an input buffer the requests are parsed in place from,
/// and an output buffer that goes out in a single send per flush, both taken from the server's
/// <see cref="WireBufferPool"/> only while they hold something. With nothing buffered, a read first waits for data
/// with a zero-byte receive and takes a buffer once bytes are there (Kestrel's "wait for data before allocating a
/// buffer"), so an idle connection holds no buffer at all. Reads carry no cancellation token (a token costs every read
/// that waits a registration); <see cref="CancelPendingRead"/> shuts the socket's receive side instead, which ends a
/// waiting read at once, and the connection then ends.
/// </summary>
internal sealed class WireConnection(Socket socket, WireBufferPool pool) : IBufferWriter<byte>, IDisposable
{
    private byte[]? _input;
    private int _start;
    private int _examined;
    private int _end;
    private bool _completed;
    private volatile bool _readCanceled;
    private byte[]? _output;
    private int _written;

    /// <summary>Where this connection's buffers come from; the handler takes a chunked body's from it too.</summary>
    public WireBufferPool Pool => pool;

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

        if (_start == _end)
        {
            // Nothing is buffered: the buffer goes back to the pool while the connection waits for its next bytes.
            ReturnInput();
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
            if (_readCanceled)
            {
                return Current(canceled: true);
            }

            _input = pool.Rent(WireBufferPool.SmallSize);
        }
        else
        {
            MakeRoom();
        }

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

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _output.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _output.AsSpan(_written);
    }

    /// <summary>Sends everything written since the last flush, then gives the output buffer back.</summary>
    public async ValueTask FlushAsync()
    {
        if (_output is null)
        {
            return;
        }

        var pending = _output.AsMemory(0, _written);
        while (!pending.IsEmpty)
        {
            var sent = await socket.SendAsync(pending, SocketFlags.None);
            pending = pending[sent..];
        }

        ReturnOutput();
    }

    /// <summary>Closes the socket: a read or send under way fails. The server also calls it to give up on a connection.</summary>
    public void Dispose() => socket.Dispose();

    /// <summary>
    /// Gives both buffers back to the pool. Only the connection's own loop calls it, once it has ended: a receive still
    /// pending on a disposed socket could otherwise write into an array another connection already took.
    /// </summary>
    public void ReturnBuffers()
    {
        ReturnInput();
        ReturnOutput();
    }

    private WireRead Current(bool canceled) => _input is null
        ? new(ReadOnlySequence<byte>.Empty, _completed, canceled)
        : new(new ReadOnlySequence<byte>(_input, _start, _end - _start), _completed, canceled);

    /// <summary>Moves unconsumed bytes to the front, or moves them to the next size up when they fill the buffer.</summary>
    private void MakeRoom()
    {
        var input = _input!;
        if (_start > 0)
        {
            Buffer.BlockCopy(input, _start, input, 0, _end - _start);
            _end -= _start;
            _examined -= _start;
            _start = 0;
        }

        if (_end == input.Length)
        {
            // The handler refuses a head or a body past its limit before the buffer is full: this is a safety net.
            if (input.Length >= WireBufferPool.LargeSize)
            {
                throw new WireException(StatusCodes.Status413PayloadTooLarge, $"the request is larger than {WireBufferPool.LargeSize} bytes");
            }

            var larger = pool.Rent(input.Length < WireBufferPool.MediumSize ? WireBufferPool.MediumSize : WireBufferPool.LargeSize);
            input.AsSpan(0, _end).CopyTo(larger);
            pool.Return(input);
            _input = larger;
        }
    }

    private void Reserve(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (_output is null)
        {
            _output = pool.Rent(Math.Max(needed, WireBufferPool.SmallSize));
            return;
        }

        if (needed <= _output.Length)
        {
            return;
        }

        var larger = pool.Rent(Math.Max(needed, _output.Length * 2));
        _output.AsSpan(0, _written).CopyTo(larger);
        pool.Return(_output);
        _output = larger;
    }

    private void ReturnInput()
    {
        if (_input is not null)
        {
            pool.Return(_input);
            _input = null;
        }

        _start = _examined = _end = 0;
    }

    private void ReturnOutput()
    {
        if (_output is not null)
        {
            pool.Return(_output);
            _output = null;
        }

        _written = 0;
    }
}
