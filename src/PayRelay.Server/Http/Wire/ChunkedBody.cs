using System.Buffers.Text;

namespace PayRelay.Server.Http.Wire;

/// <summary>How far a chunked body could be decoded from the bytes at hand.</summary>
internal enum ChunkedResult
{
    NeedMore,
    Complete,
    TooLarge,
}

/// <summary>
/// Decodes a <c>Transfer-Encoding: chunked</c> request body that is wholly in memory. Chunk extensions and
/// trailers are read past and ignored.
/// </summary>
internal static class ChunkedBody
{
    /// <summary>
    /// Decodes the body at the start of <paramref name="data"/> into <paramref name="output"/>. On
    /// <see cref="ChunkedResult.Complete"/>, <paramref name="consumed"/> is the body's length on the wire and
    /// <paramref name="written"/> its decoded length. A malformed body is a <see cref="WireException"/>.
    /// </summary>
    public static ChunkedResult TryDecode(ReadOnlySpan<byte> data, Span<byte> output, out int consumed, out int written)
    {
        consumed = 0;
        written = 0;
        var position = 0;
        while (true)
        {
            var lineEnd = data[position..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return Incomplete(data[position..], ref written);
            }

            var size = ChunkSize(data.Slice(position, lineEnd));
            position += lineEnd + 2;
            if (size == 0)
            {
                return Trailers(data, position, ref consumed, ref written);
            }

            if (size > output.Length - written)
            {
                return ChunkedResult.TooLarge;
            }

            if (data.Length - position < size + 2)
            {
                written = 0;
                return ChunkedResult.NeedMore;
            }

            data.Slice(position, size).CopyTo(output[written..]);
            written += size;
            position += size;
            if (!data[position..].StartsWith("\r\n"u8))
            {
                throw new WireException(400, "a chunk does not end with CRLF");
            }

            position += 2;
        }
    }

    /// <summary>A chunk or trailer line not ended yet: too long, or ended with a bare LF, it is malformed at once.</summary>
    private static ChunkedResult Incomplete(ReadOnlySpan<byte> unterminatedLine, ref int written)
    {
        if (unterminatedLine.Length > 1024)
        {
            throw new WireException(400, "malformed chunk header");
        }

        if (unterminatedLine.Contains((byte)'\n'))
        {
            throw new WireException(400, "a chunk line ends with a bare LF: lines end with CRLF");
        }

        written = 0;
        return ChunkedResult.NeedMore;
    }

    /// <summary>Skips trailer fields up to the empty line that ends the body.</summary>
    private static ChunkedResult Trailers(ReadOnlySpan<byte> data, int position, ref int consumed, ref int written)
    {
        while (true)
        {
            var lineEnd = data[position..].IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return Incomplete(data[position..], ref written);
            }

            if (data.Slice(position, lineEnd).ContainsAnyInRange((byte)0, (byte)8) || data.Slice(position, lineEnd).ContainsAnyInRange((byte)10, (byte)31))
            {
                throw new WireException(400, "malformed trailer line");
            }

            position += lineEnd + 2;
            if (lineEnd == 0)
            {
                consumed = position;
                return ChunkedResult.Complete;
            }
        }
    }

    /// <summary><c>1*HEXDIG [ ";" extensions ]</c>; sizes beyond a gigabyte are refused as malformed.</summary>
    private static int ChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var digits = (extension < 0 ? line : line[..extension]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 8 || !Utf8Parser.TryParse(digits, out int size, out var used, 'X') || used != digits.Length || size < 0 || size > 1 << 30)
        {
            throw new WireException(400, "malformed chunk size");
        }

        return size;
    }
}
