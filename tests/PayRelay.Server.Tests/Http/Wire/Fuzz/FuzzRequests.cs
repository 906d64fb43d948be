using System.Globalization;
using System.Text;

namespace PayRelay.Server.Tests.Http.Wire.Fuzz;

/// <summary>One request of a fuzz session: its bytes, and for a valid one the answer it must get.</summary>
public sealed record FuzzRequest(byte[] Bytes, bool Valid, int Status = 0, bool Head = false, string? Body = null)
{
    public override string ToString()
    {
        var text = Encoding.Latin1.GetString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 160)))
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return $"{(Valid ? $"valid → {Status}" : "mutated")}: {text}{(Bytes.Length > 160 ? $"… ({Bytes.Length} bytes)" : "")}";
    }
}

/// <summary>
/// Requests for the fuzz test: valid ones whose answers are known (every route, both framings, HEAD, HTTP/1.0
/// keep-alive, absolute-form, empty lines first, Expect), and mutations of them (bytes flipped, inserted, deleted,
/// lines repeated or cut, CRLF made LF, bad escapes, absurd lengths, garbage), all drawn from a seeded generator.
/// </summary>
public sealed class FuzzRequests(Random random)
{
    private static readonly byte[] Special = "\r\n\0 \t:;,%-+?#/\\\"0123456789abcdefABCDEF\x7f\xff"u8.ToArray();

    public FuzzRequest Valid()
    {
        var id = NextGuid();
        var payment = $$"""{"correlationId":"{{id}}","amount":{{(random.Next(3) switch { 0 => "19.90", 1 => "20.05", _ => "1" })}}}""";
        var subCent = $$"""{"correlationId":"{{id}}","amount":{{(random.Next(3) switch { 0 => "19.999", 1 => "1.005", _ => "2.675" })}}}""";
        return random.Next(13) switch
        {
            0 or 1 => Ok($"POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: {payment.Length}\r\n\r\n{payment}", 202),
            2 => Ok($"POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{Chunked(payment)}", 202),
            3 => Ok("GET /healthz HTTP/1.1\r\nHost: api\r\n\r\n", 200, body: "{\"status\":\"live\"}"),
            4 => Ok("HEAD /healthz HTTP/1.1\r\nHost: api\r\n\r\n", 200, head: true),
            5 => Ok($"GET /nope/{random.Next(1000)} HTTP/1.1\r\nHost: api\r\n\r\n", 404),
            6 => Ok("GET /payments HTTP/1.1\r\nHost: api\r\n\r\n", 405),
            7 => Ok($"POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nContent-Length: {subCent.Length}\r\n\r\n{subCent}", 400),
            8 => Ok("GET /payments-summary?from=2025-07-15T12:00:00.000Z&to=2025-07-15T12:01:00.000Z HTTP/1.1\r\nHost: api\r\n\r\n", 200, body: "\"default\""),
            9 => Ok("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200),
            10 => Ok($"POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {payment.Length}\r\n\r\n{payment}", 202),
            11 => Ok("\r\n\r\nGET /healthz HTTP/1.1\r\nHost: api\r\n\r\n", 200),
            _ => Ok("GET http://api/%68ealthz HTTP/1.1\r\nHost: elsewhere\r\n\r\n", 200),
        };
    }

    /// <summary>A valid request with one to three mutations, or now and then pure garbage.</summary>
    public FuzzRequest Mutated()
    {
        if (random.Next(10) == 0)
        {
            var garbage = new byte[random.Next(1, 200)];
            for (var i = 0; i < garbage.Length; i++)
            {
                garbage[i] = random.Next(2) == 0 ? Special[random.Next(Special.Length)] : (byte)random.Next(256);
            }

            return new FuzzRequest(garbage, Valid: false);
        }

        var bytes = Valid().Bytes.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            Mutate(bytes);
        }

        return new FuzzRequest([.. bytes], Valid: false);
    }

    private void Mutate(List<byte> bytes)
    {
        var at = random.Next(bytes.Count);
        switch (random.Next(10))
        {
            case 0:
                bytes[at] = Special[random.Next(Special.Length)];
                break;
            case 1:
                bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => Special[random.Next(Special.Length)]));
                break;
            case 2:
                bytes.RemoveRange(at, Math.Min(random.Next(1, 20), bytes.Count - at));
                break;
            case 3:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 4:
                Replace(bytes, "\r\n", "\n");
                break;
            case 5:
                Replace(bytes, "Host: api\r\n", random.Next(2) == 0 ? "" : "Host: api\r\nHost: api\r\n");
                break;
            case 6:
                Replace(bytes, " /", random.Next(3) switch { 0 => " /%00", 1 => " /%zz", _ => " /%C3" });
                break;
            case 7:
                Replace(bytes, "Content-Length: ", "Content-Length: " + random.Next(3) switch { 0 => "9", 1 => "99999999999", _ => "-" });
                break;
            case 8:
                var start = bytes.LastIndexOf((byte)'\n', at) + 1;
                var end = bytes.IndexOf((byte)'\n', at);
                bytes.InsertRange(start, bytes.GetRange(start, (end < 0 ? bytes.Count : end + 1) - start));
                break;
            default:
                bytes[at] = (byte)random.Next(256);
                break;
        }
    }

    private void Replace(List<byte> bytes, string find, string with)
    {
        var text = Encoding.Latin1.GetString([.. bytes]);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var occurrences = 0;
        for (var i = at; i >= 0; i = text.IndexOf(find, i + 1, StringComparison.Ordinal))
        {
            occurrences++;
        }

        // Any one occurrence, not always the first.
        var skip = random.Next(occurrences);
        for (var i = 0; i < skip; i++)
        {
            at = text.IndexOf(find, at + 1, StringComparison.Ordinal);
        }

        bytes.Clear();
        bytes.AddRange(Encoding.Latin1.GetBytes(string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + find.Length))));
    }

    private string Chunked(string body)
    {
        var chunks = new StringBuilder();
        for (var position = 0; position < body.Length;)
        {
            var size = Math.Min(random.Next(1, 40), body.Length - position);
            chunks.Append(CultureInfo.InvariantCulture, $"{size:x}{(random.Next(4) == 0 ? ";x=y" : "")}\r\n{body.AsSpan(position, size)}\r\n");
            position += size;
        }

        return chunks.Append("0\r\n\r\n").ToString();
    }

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static FuzzRequest Ok(string text, int status, bool head = false, string? body = null) =>
        new(Encoding.Latin1.GetBytes(text), Valid: true, status, head, body);
}
