namespace PayRelay.Server.Http.Wire;

/// <summary>
/// The arrays the wire layer reads requests into and writes answers from, shared by every connection. A connection
/// holds one only while it has bytes to parse or an answer to send, so idle connections hold none. Two sizes are kept:
/// <see cref="SmallSize"/>, which every ordinary request and answer fits in, and <see cref="LargeSize"/>, the most one
/// request can occupy (its head and body at their limits). At most a fixed number of each is kept once given back;
/// the rest go to the garbage collector, so the memory a burst of connections took comes back after it.
/// </summary>
internal sealed class WireBufferPool
{
    /// <summary>A payment's head and body, with room to spare; the first size a connection takes.</summary>
    public const int SmallSize = 4096;

    /// <summary>The most one request occupies: the largest head and the largest body with its chunked framing.</summary>
    public const int LargeSize = RequestHead.MaxLength + Http1ConnectionHandler.MaxBodyBytes + Http1ConnectionHandler.ChunkFramingAllowance;

    private readonly Lock _gate = new();
    private readonly Stack<byte[]> _small = new();
    private readonly Stack<byte[]> _large = new();
    private readonly int _keepSmall;
    private readonly int _keepLarge;
    private long _outstanding;

    /// <param name="keepSmall">Small arrays kept for reuse once given back (the busy connections of a normal load).</param>
    /// <param name="keepLarge">Large arrays kept for reuse (large requests are rare).</param>
    public WireBufferPool(int keepSmall = 256, int keepLarge = 16)
    {
        _keepSmall = keepSmall;
        _keepLarge = keepLarge;
    }

    /// <summary>Arrays taken and not given back: what the connections hold right now.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Bytes kept for reuse, at most <c>keepSmall × SmallSize + keepLarge × LargeSize</c>.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_gate)
            {
                return ((long)_small.Count * SmallSize) + ((long)_large.Count * LargeSize);
            }
        }
    }

    /// <summary>The bound on <see cref="RetainedBytes"/>.</summary>
    public long MaxRetainedBytes => ((long)_keepSmall * SmallSize) + ((long)_keepLarge * LargeSize);

    /// <summary>An array of at least <paramref name="minimum"/> bytes: one of the two sizes, or an unpooled one beyond them.</summary>
    public byte[] Rent(int minimum)
    {
        Interlocked.Increment(ref _outstanding);
        if (minimum > LargeSize)
        {
            return new byte[minimum];
        }

        var small = minimum <= SmallSize;
        lock (_gate)
        {
            if ((small ? _small : _large).TryPop(out var pooled))
            {
                return pooled;
            }
        }

        return new byte[small ? SmallSize : LargeSize];
    }

    /// <summary>Gives back an array <see cref="Rent"/> returned; nothing may use it afterwards.</summary>
    public void Return(byte[] array)
    {
        Interlocked.Decrement(ref _outstanding);
        var stack = array.Length == SmallSize ? _small : array.Length == LargeSize ? _large : null;
        if (stack is null)
        {
            return;
        }

        lock (_gate)
        {
            if (stack.Count < (stack == _small ? _keepSmall : _keepLarge))
            {
                stack.Push(array);
            }
        }
    }
}
