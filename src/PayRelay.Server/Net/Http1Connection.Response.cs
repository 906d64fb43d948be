using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace PayRelay.Server.Net;

internal sealed partial class Http1Connection
{
    /// <summary>Reads one final response (interim 1xx ones are skipped) and its body, which nobody needs but the framing.</summary>
    private async ValueTask<(int Status, bool KeepAlive)> ReadResponseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (offset, length) = await ReadLineAsync(cancellationToken);
            var (status, http11) = ParseStatusLine(_buffer.AsSpan(offset, length));
            long contentLength = -1;
            var chunked = false;
            var close = !http11;
            while (true)
            {
                (offset, length) = await ReadLineAsync(cancellationToken);
                if (length == 0)
                {
                    break;
                }

                ReadHeader(_buffer.AsSpan(offset, length), ref contentLength, ref chunked, ref close);
            }

            if (status < 200)
            {
                continue;
            }

            if (status is 204 or 304)
            {
                return (status, !close);
            }

            if (chunked)
            {
                await SkipChunkedBodyAsync(cancellationToken);
            }
            else if (contentLength >= 0)
            {
                await SkipAsync(contentLength, cancellationToken);
            }
            else
            {
                await SkipToEndAsync(cancellationToken);
                close = true;
            }

            return (status, !close);
        }
    }

    /// <summary><c>HTTP/1.x NNN reason</c>: the status and whether the connection speaks HTTP/1.1 (keep-alive by default).</summary>
    internal static (int Status, bool Http11) ParseStatusLine(ReadOnlySpan<byte> line)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != ' ' || (line.Length > 12 && line[12] != ' ')
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var consumed) || consumed != 3 || status < 100)
        {
            throw new InvalidDataException($"not an HTTP/1.x status line: {Encoding.ASCII.GetString(line)}");
        }

        return (status, line[7] == '1');
    }

    /// <summary>Notes the three headers that decide framing and reuse; the rest are not needed.</summary>
    internal static void ReadHeader(ReadOnlySpan<byte> line, ref long contentLength, ref bool chunked, ref bool close)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw new InvalidDataException($"not a header line: {Encoding.ASCII.GetString(line)}");
        }

        var name = line[..colon].Trim((byte)' ');
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (!Utf8Parser.TryParse(value, out long parsed, out var consumed) || consumed != value.Length || parsed < 0)
            {
                throw new InvalidDataException("Content-Length is not a number");
            }

            contentLength = parsed;
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            chunked = Contains(value, "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
        {
            close = Contains(value, "close"u8) || (close && !Contains(value, "keep-alive"u8));
        }
    }

    private static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        for (var i = 0; i + token.Length <= value.Length; i++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(i, token.Length), token))
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask SkipChunkedBodyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (offset, length) = await ReadLineAsync(cancellationToken);
            var sizeText = _buffer.AsSpan(offset, length);
            var extension = sizeText.IndexOf((byte)';');
            sizeText = (extension >= 0 ? sizeText[..extension] : sizeText).Trim((byte)' ');
            if (!Utf8Parser.TryParse(sizeText, out long size, out var consumed, 'X') || consumed != sizeText.Length || consumed == 0)
            {
                throw new InvalidDataException("bad chunk size");
            }

            if (size == 0)
            {
                // Trailers, if any, end with an empty line.
                while ((await ReadLineAsync(cancellationToken)).Length != 0)
                {
                }

                return;
            }

            await SkipAsync(size, cancellationToken);
            if ((await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw new InvalidDataException("chunk data longer than its size");
            }
        }
    }

    private async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var take = (int)Math.Min(count, _end - _start);
            Keep(take);
            _start += take;
            count -= take;
            if (count == 0)
            {
                return;
            }

            _start = _end = 0;
            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask SkipToEndAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Keep(_end - _start);
            _start = _end = 0;
            var read = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return;
            }

            _end = read;
        }
    }

    /// <summary>The next line, without its CRLF, as a range of the buffer that stays valid until the next read.</summary>
    private async ValueTask<(int Offset, int Length)> ReadLineAsync(CancellationToken cancellationToken)
    {
        var searched = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searched, _end - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var offset = _start;
                var end = searched + newline;
                _start = end + 1;
                var length = end - offset;
                return (offset, length > 0 && _buffer[end - 1] == '\r' ? length - 1 : length);
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException($"a response line is longer than {BufferBytes} bytes");
            }

            searched = _end;
            await FillAsync(cancellationToken);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken) =>
        Filled(await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken));

    private void Filled(int read)
    {
        if (read == 0)
        {
            throw new IOException("the processor closed the connection before the response ended");
        }

        _end += read;
    }
}
