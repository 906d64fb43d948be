namespace PayRelay.Server.Tests.Http.Wire.Conformance;

public static partial class ConformanceCases
{
    /// <summary>The rows of issue 17's table that concern the wire and the input rules, as the probe sent them.</summary>
    private static IEnumerable<KeyValuePair<string, WireCase>> Issue17()
    {
        const string Source = "issue 17";
        yield return new("issue17 %00 in the path gets 400", new(Source, Get("/%00"), One(400, body: "control character"), Ending.Closed));
        yield return new("issue17 %00 in the payment path gets 400", new(Source, Post(Payment(), path: "/payments%00"), One(400), Ending.Closed));
        yield return new("issue17 an escaped LF in the path gets 400", new(Source, Get("/healthz%0a"), One(400), Ending.Closed));
        yield return new("issue17 a malformed escape gets 400", new(Source, Get("/%zzhealthz"), One(400, body: "percent-escape"), Ending.Closed));
        yield return new("issue17 a truncated escape gets 400", new(Source, Get("/healthz%4"), One(400), Ending.Closed));
        yield return new("issue17 escapes that are not UTF-8 get 400", new(Source, Get("/%C3%28"), One(400, body: "UTF-8"), Ending.Closed));
        yield return new("issue17 a control byte in the path gets 400", new(Source, "GET /a\u0001b HTTP/1.1\r\nHost: t\r\n\r\n", One(400), Ending.Closed));
        yield return new("issue17 an escaped path still routes", new(Source, Get("/%68ealthz"), One(200), Ending.Open));
        yield return new("issue17 LF-only line ends answered at once", new(Source, "POST /payments HTTP/1.1\nHost: t\nContent-Type: application/json\nContent-Length: 2\n\n{}", One(400), Ending.Closed));
        yield return new("issue17 HTTP/1.0 keep-alive is answered with keep-alive", new(Source, Get("/healthz", "Connection: keep-alive\r\n", version: "HTTP/1.0"), One(200, header: "Connection: keep-alive"), Ending.Open));
        yield return new("issue17 HTTP/1.0 keep-alive payment is answered with keep-alive", new(Source, Post(Payment(), version: "HTTP/1.0", headers: Json + "Connection: keep-alive\r\n"), One(202, header: "Connection: keep-alive"), Ending.Open));
        yield return new("issue17 amount 19.999 gets 400", new(Source, Post(Payment("19.999")), One(400, body: "cents"), Ending.Open));
        yield return new("issue17 amount 1.005 gets 400", new(Source, Post(Payment("1.005")), One(400, body: "cents"), Ending.Open));
        yield return new("issue17 amount 2.675 gets 400", new(Source, Post(Payment("2.675")), One(400, body: "cents"), Ending.Open));
        yield return new("issue17 amount 1e308 is too large", new(Source, Post(Payment("1e308")), One(400, body: "too large"), Ending.Open));
        yield return new("issue17 two correlationId keys get 400", new(Source, Post($$"""{"correlationId":"{{Id}}","correlationId":"9b2c3f4e-0000-4000-8000-000000000001","amount":1}"""), One(400, body: "twice"), Ending.Open));
        yield return new("issue17 two amount keys get 400", new(Source, Post($$"""{"correlationId":"{{Id}}","amount":1,"amount":1000}"""), One(400, body: "twice"), Ending.Open));
        yield return new("issue17 a payment body over 4 KB by Content-Length: 413 before it is sent", new(Source, $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 61440\r\n\r\n", One(413, header: "Connection: close", body: "the body is larger than 4096 bytes"), Ending.Closed));
        yield return new("issue17 a payment body over 64 KB: the same 413", new(Source, $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 100000\r\n\r\n", One(413, body: "the body is larger than 4096 bytes"), Ending.Closed));
        yield return new("issue17 a chunked payment body over 4 KB: the same 413", new(Source, $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: chunked\r\n\r\n1100\r\n{new string('x', 0x1100)}\r\n0\r\n\r\n", One(413, body: "the body is larger than 4096 bytes"), Ending.Closed));
        yield return new("issue17 a summary timestamp of 5,000 characters: a short error", new(Source, Get("/payments-summary?from=" + new string('9', 5000)), One(400, body: "(5000 characters)"), Ending.Open));
    }

    /// <summary>The limits and timeouts PayRelay sets itself (Kestrel's where it has one).</summary>
    private static IEnumerable<KeyValuePair<string, WireCase>> Limits()
    {
        const string Source = "PayRelay limits (README, API)";
        yield return new("limit a head over 16 KB gets 431", new(Source, Get("/healthz", Host + "X-Long: " + new string('a', 17_000) + "\r\n"), One(431), Ending.Closed));
        yield return new("limit a request line over 16 KB gets 414", new(Source, Get("/" + new string('a', 17_000)), One(414), Ending.Closed));
        yield return new("limit a body over 8 KB elsewhere gets 413", new(Source, $"POST /purge-payments HTTP/1.1\r\n{Host}Content-Length: 9000\r\n\r\n", One(413, body: "the body is larger than 8192 bytes"), Ending.Closed));
        yield return new("limit a payment body of exactly 4 KB is read", new(Source, Post(Padded(4096)), One(202), Ending.Open));
        yield return new("limit a part request gets 408 after the request timeout", new(Source, $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 70\r\n\r\n{{\"corr", [], Ending.RequestTimeout));
        yield return new("limit a part head gets 408 after the request timeout", new(Source, "GET /healthz HTTP/1.1\r\nHo", [], Ending.RequestTimeout));
        yield return new("limit an idle connection closes after the keep-alive timeout", new(Source, Get("/healthz"), One(200), Ending.IdleTimeout));
    }

    /// <summary>A valid payment body of exactly <paramref name="length"/> bytes, padded by a property the server skips.</summary>
    private static string Padded(int length)
    {
        var start = $$"""{"correlationId":"{{Id}}","amount":19.90,"note":" """.TrimEnd();
        return start + new string('x', length - start.Length - 2) + "\"}";
    }
}
