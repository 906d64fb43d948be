using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace PayRelay.Server.Http.Wire;

/// <summary>What an answer's <c>Connection</c> header says.</summary>
internal enum Persistence : byte
{
    /// <summary>HTTP/1.1 keeps the connection by default: no header.</summary>
    Default,

    /// <summary><c>Connection: close</c>: the connection ends after this answer.</summary>
    Close,

    /// <summary><c>Connection: keep-alive</c>, which an HTTP/1.0 client needs to know the connection stays open.</summary>
    KeepAlive,
}

/// <summary>
/// Writes HTTP/1.1 response heads and bodies straight into the connection's output. The answer to a <c>HEAD</c>
/// request carries the head the <c>GET</c> would have, with its Content-Length, and never a body (RFC 9110 §9.3.2).
/// </summary>
internal static class ResponseWriter
{
    private static readonly byte[] AcceptedHead = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] ContinueLine = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    /// <summary>The payment path's usual answer: 202 with no body.</summary>
    public static void Accepted(IBufferWriter<byte> output, ReadOnlySpan<byte> date, Persistence persistence)
    {
        output.Write(AcceptedHead);
        End(output, date, persistence);
    }

    /// <summary>The interim answer that lets a client waiting on <c>Expect: 100-continue</c> send its body.</summary>
    public static void Continue(IBufferWriter<byte> output) => output.Write(ContinueLine);

    /// <summary>A JSON body (or none when <paramref name="body"/> is empty and <paramref name="json"/> is false).</summary>
    public static void Write(
        IBufferWriter<byte> output, int status, ReadOnlySpan<byte> date, Persistence persistence, ReadOnlySpan<byte> body, bool json, bool retryAfter = false, bool headOnly = false)
    {
        StatusLine(output, status);
        if (json)
        {
            output.Write("Content-Type: application/json\r\n"u8);
        }

        if (retryAfter)
        {
            output.Write("Retry-After: 1\r\n"u8);
        }

        ContentLength(output, body.Length);
        End(output, date, persistence);
        if (!headOnly)
        {
            output.Write(body);
        }
    }

    /// <summary>A response an ASP.NET Core handler produced: its status, its headers but the framing ones, its body.</summary>
    public static void Write(IBufferWriter<byte> output, HttpResponse response, ReadOnlySpan<byte> body, ReadOnlySpan<byte> date, Persistence persistence, bool headOnly)
    {
        StatusLine(output, response.StatusCode);
        foreach (var (name, values) in response.Headers)
        {
            if (IsFraming(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                Ascii(output, name);
                output.Write(": "u8);
                Ascii(output, value ?? string.Empty);
                output.Write("\r\n"u8);
            }
        }

        ContentLength(output, body.Length);
        End(output, date, persistence);
        if (!headOnly)
        {
            output.Write(body);
        }
    }

    private static bool IsFraming(string name) =>
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Date", StringComparison.OrdinalIgnoreCase);

    private static void StatusLine(IBufferWriter<byte> output, int status)
    {
        output.Write("HTTP/1.1 "u8);
        Number(output, status);
        output.Write(" "u8);
        Ascii(output, ReasonPhrases.GetReasonPhrase(status));
        output.Write("\r\n"u8);
    }

    private static void ContentLength(IBufferWriter<byte> output, long length)
    {
        output.Write("Content-Length: "u8);
        Number(output, length);
        output.Write("\r\n"u8);
    }

    private static void End(IBufferWriter<byte> output, ReadOnlySpan<byte> date, Persistence persistence)
    {
        output.Write(date);
        if (persistence == Persistence.Close)
        {
            output.Write("Connection: close\r\n"u8);
        }
        else if (persistence == Persistence.KeepAlive)
        {
            output.Write("Connection: keep-alive\r\n"u8);
        }

        output.Write("\r\n"u8);
    }

    private static void Number(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
    }

    /// <summary>
    /// Header text goes out as Latin-1, the way Kestrel writes it; anything outside it becomes '?', and a
    /// control character a blank, so no value can end the header early.
    /// </summary>
    private static void Ascii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        var written = Encoding.Latin1.GetBytes(text, span);
        var bytes = span[..written];
        for (var i = bytes.IndexOfAnyInRange((byte)0, (byte)31); i >= 0; i = bytes.IndexOfAnyInRange((byte)0, (byte)31))
        {
            bytes[i] = (byte)' ';
        }

        output.Advance(written);
    }
}
