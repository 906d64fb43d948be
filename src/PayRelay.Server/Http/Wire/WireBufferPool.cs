namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The arrays the wire layer reads requests into and writes answers from, shared by every connection. A connection
/// holds one only while it has bytes to parse or an answer to send, so idle connections hold none. Three sizes are
/// kept: <see cref="SmallSize"/>, which every ordinary request and answer fits in; <see cref="MediumSize"/>, a head at
/// its limit; and <see cref="LargeSize"/>, the most one request can occupy (its head and body at their limits).
/// Arrays given back are kept up to a byte budget, which is what the connections allowed at once can hold: a burst of
/// slow or stalled connections is served from the same arrays the next time rather than from new ones the garbage
/// collector has yet to find, so what an instance holds under repeated attacks stays where the first one put it.
/// </summary>
internal sealed class WireBufferPool
{
    /// <summary>A payment's head and body, with room to spare; the first size a connection takes.</summary>
    public const int SmallSize = 4096;

    /// <summary>A head at its limit: the size a request head that outgrows the small size takes next.</summary>
    public const int MediumSize = RequestHead.MaxLength;

    /// <summary>The most one request occupies: the largest head and the largest body with its chunked framing.</summary>
    public const int LargeSize = RequestHead.MaxLength + Http1ConnectionHandler.MaxBodyBytes + Http1ConnectionHandler.ChunkFramingAllowance;

    private readonly Lock _gate = new();
    private readonly Stack<byte[]>[] _kept = [new(), new(), new()];
    private long _keptBytes;
    private long _outstanding;

    /// <param name="maxRetainedBytes">Bytes kept for reuse at most; beyond it, arrays given back go to the garbage collector.</param>
    public WireBufferPool(long maxRetainedBytes) => MaxRetainedBytes = maxRetainedBytes;

    /// <summary>Arrays taken and not given back: what the connections hold right now.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Bytes kept for reuse, at most <see cref="MaxRetainedBytes"/>.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return _keptBytes;
            }
        }
    }

    public long MaxRetainedBytes { get; }

    /// <summary>An array of at least <paramref name="minimum"/> bytes: one of the three sizes, or an unpooled one beyond them.</summary>
    public byte[] Rent(int minimum)
    {
        Interlocked.Increment(ref _outstanding);
        var size = minimum <= SmallSize ? SmallSize : minimum <= MediumSize ? MediumSize : minimum <= LargeSize ? LargeSize : 0;
        if (size == 0)
        {
            return new byte[minimum];
        }

        lock (_gate)
        {
            if (_kept[Class(size)].TryPop(out var pooled))
            {
                _keptBytes -= size;
                return pooled;
            }
        }

        return new byte[size];
    }

    /// <summary>Gives back an array <see cref="Rent"/> returned; nothing may use it afterwards.</summary>
    public void Return(byte[] array)
    {
        Interlocked.Decrement(ref _outstanding);
        var size = array.Length;
        if (size is not (SmallSize or MediumSize or LargeSize))
        {
            return;
        }

        lock (_gate)
        {
            if (_keptBytes + size <= MaxRetainedBytes)
            {
                _kept[Class(size)].Push(array);
                _keptBytes += size;
            }
        }
    }

    private static int Class(int size) => size == SmallSize ? 0 : size == MediumSize ? 1 : 2;
}
