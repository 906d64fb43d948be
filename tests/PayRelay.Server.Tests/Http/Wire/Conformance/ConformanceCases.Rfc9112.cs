namespace PayRelay.Server.Tests.Http.Wire.Conformance;

public static partial class ConformanceCases
{
    private static IEnumerable<KeyValuePair<string, WireCase>> Rfc9112()
    {
        // §2.2 Message parsing.
        yield return new("2.2 empty lines before the request line are ignored", new("RFC 9112 §2.2 (SHOULD ignore at least one empty line)", "\r\n\r\n" + Get("/healthz"), One(200), Ending.Open));
        yield return new("2.2 bare LF line ends are refused at once", new("RFC 9112 §2.2 (MAY accept a bare LF; PayRelay refuses it, see RequestHead)", "GET /healthz HTTP/1.1\nHost: t\n\n", One(400, body: "bare LF"), Ending.Closed));
        yield return new("2.2 bare LF after a CRLF line is refused at once", new("RFC 9112 §2.2", "GET /healthz HTTP/1.1\r\nHost: t\n", One(400), Ending.Closed));
        yield return new("2.2 bare CR in a field value is refused", new("RFC 9112 §2.2 (a bare CR MUST be invalid or replaced)", "GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\rb\r\n\r\n", One(400), Ending.Closed));
        yield return new("2.2 whitespace before the first field is refused", new("RFC 9112 §2.2 (MUST reject or ignore such lines)", "GET /healthz HTTP/1.1\r\n Host: t\r\n\r\n", One(400), Ending.Closed));

        // §3 Request line.
        yield return new("3 a method that is no token is refused", new("RFC 9112 §3.1 (method = token)", Get("/healthz", method: "G(T"), One(400), Ending.Closed));
        yield return new("3 two spaces after the method are refused", new("RFC 9112 §3 (single SP; MAY be lenient, PayRelay is not)", "GET  /healthz HTTP/1.1\r\nHost: t\r\n\r\n", One(400), Ending.Closed));
        yield return new("3 a request line without a version is refused", new("RFC 9112 §3", "GET /healthz\r\nHost: t\r\n\r\n", One(400), Ending.Closed));
        yield return new("3 the version is case-sensitive", new("RFC 9112 §2.3 (HTTP-name is case-sensitive)", Get("/healthz", version: "http/1.1"), One(400), Ending.Closed));
        yield return new("3 a two-digit minor version is refused", new("RFC 9112 §2.3 (HTTP-version = HTTP-name \"/\" DIGIT \".\" DIGIT)", Get("/healthz", version: "HTTP/1.10"), One(400), Ending.Closed));
        yield return new("3 a later 1.x minor version is served as 1.1", new("RFC 9110 §2.5 (process as the highest minor version understood)", Get("/healthz", version: "HTTP/1.7"), One(200, noHeader: "Connection"), Ending.Open));
        yield return new("3 another major version gets 505", new("RFC 9110 §15.6.6", Get("/healthz", version: "HTTP/2.0"), One(505), Ending.Closed));
        yield return new("3 the HTTP/2 preface gets 505", new("RFC 9113 §3.4 (a 1.1 server answers the preface as a 1.x request)", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", One(505), Ending.Closed));
        yield return new("3.2.1 a target that is not a path is refused", new("RFC 9112 §3.2", Get("payments"), One(400), Ending.Closed));
        yield return new("3.2.1 a fragment in the target is refused", new("RFC 9112 §3.2 (no fragment in request-target)", Get("/healthz#top"), One(400), Ending.Closed));
        yield return new("3.2.1 a raw non-ASCII byte in the target is refused", new("RFC 9112 §3.2 / RFC 3986 §2", Get("/caf\u00e9"), One(400), Ending.Closed));
        yield return new("3.2.2 absolute-form is accepted", new("RFC 9112 §3.2.2 (a server MUST accept absolute-form)", Get("http://t/healthz"), One(200, body: "live"), Ending.Open));
        yield return new("3.2.2 absolute-form routes by its path, not by Host", new("RFC 9112 §3.2.2 (MUST ignore Host in favour of the target)", Post(Payment(), path: "http://api:9999/payments", headers: "Host: elsewhere\r\n" + Json), One(202), Ending.Open));
        yield return new("3.2.2 absolute-form without a path is /", new("RFC 9112 §3.2.2 / RFC 9110 §4.2.3 (an empty path is /)", Get("HTTP://t"), One(404), Ending.Open));
        yield return new("3.2.2 absolute-form with userinfo is refused", new("RFC 9110 §4.2.4 (userinfo SHOULD be treated as an error)", Get("http://me@t/healthz"), One(400), Ending.Closed));
        yield return new("3.2.2 absolute-form of another scheme is refused", new("RFC 9112 §3.2.2", Get("ftp://t/healthz"), One(400), Ending.Closed));
        yield return new("3.2.3 authority-form is for CONNECT, which is not served", new("RFC 9112 §3.2.3", Get("t:443", method: "CONNECT"), One(400), Ending.Closed));
        yield return new("3.2.4 OPTIONS * is not implemented", new("RFC 9112 §3.2.4 / RFC 9110 §15.6.2 (501 for a method not implemented)", Get("*", method: "OPTIONS"), One(501), Ending.Closed));
        yield return new("3.2.4 asterisk-form with another method is refused", new("RFC 9112 §3.2.4 (only for OPTIONS)", Get("*"), One(400), Ending.Closed));

        // §3.2 Host.
        yield return new("3.2 HTTP/1.1 without Host gets 400", new("RFC 9112 §3.2 (MUST respond 400)", Get("/healthz", headers: ""), One(400, body: "Host"), Ending.Closed));
        yield return new("3.2 two Host lines get 400", new("RFC 9112 §3.2 (MUST respond 400)", Get("/healthz", headers: "Host: t\r\nHost: t\r\n"), One(400, body: "Host"), Ending.Closed));
        yield return new("3.2 a malformed Host gets 400", new("RFC 9112 §3.2 (an invalid field value: MUST respond 400)", Get("/healthz", headers: "Host: a/b\r\n"), One(400), Ending.Closed));
        yield return new("3.2 an empty Host is allowed", new("RFC 9112 §3.2 (an empty Host when the authority is undefined)", Get("/healthz", headers: "Host:\r\n"), One(200), Ending.Open));
        yield return new("3.2 HTTP/1.0 without Host is served", new("RFC 9112 §3.2 (the requirement is for HTTP/1.1)", Get("/healthz", headers: "", version: "HTTP/1.0"), One(200, header: "Connection: close"), Ending.Closed));

        // §5 Field syntax.
        yield return new("5.1 whitespace before the colon gets 400", new("RFC 9112 §5.1 (MUST respond 400)", Get("/healthz", headers: "Host : t\r\n"), One(400), Ending.Closed));
        yield return new("5.1 a field line without a colon gets 400", new("RFC 9112 §5", Get("/healthz", headers: Host + "NoColon\r\n"), One(400), Ending.Closed));
        yield return new("5.1 a NUL in a field value gets 400", new("RFC 9110 §5.5 (NUL MUST be rejected or replaced)", Get("/healthz", headers: Host + "X-A: a\0b\r\n"), One(400), Ending.Closed));
        yield return new("5.2 obs-fold gets 400", new("RFC 9112 §5.2 (MUST reject with 400 or replace)", Get("/healthz", headers: Host + "X-A: a\r\n b\r\n"), One(400), Ending.Closed));
        yield return new("5 field names are case-insensitive", new("RFC 9110 §5.1", Post(Payment(), headers: "hOsT: t\r\ncontent-TYPE: application/json\r\n").Replace("Content-Length", "CONTENT-length", StringComparison.Ordinal), One(202), Ending.Open));
        yield return new("5 optional whitespace around a value is ignored", new("RFC 9112 §5.1 (OWS)", Post(Payment(), headers: "Host:\t t \t\r\nContent-Type:   application/json  \r\n"), One(202), Ending.Open));

        // §6 Message body.
        yield return new("6.1 Transfer-Encoding with Content-Length gets 400", new("RFC 9112 §6.1 (MAY reject; a smuggling shape)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", One(400), Ending.Closed));
        yield return new("6.1 Transfer-Encoding in HTTP/1.0 gets 400", new("RFC 9112 §6.1 (faulty framing; MUST close)", $"POST /payments HTTP/1.0\r\n{Json}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", One(400), Ending.Closed));
        yield return new("6.1 an unknown transfer coding gets 501", new("RFC 9112 §6.1 (SHOULD respond 501)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", One(501), Ending.Closed));
        yield return new("6.1 chunked applied twice gets 400", new("RFC 9112 §6.1 (MUST NOT apply chunked more than once)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", One(400), Ending.Closed));
        yield return new("6.1 a Transfer-Encoding that does not end with chunked gets 501", new("RFC 9112 §6.3 (framing unknown: 400 or 501)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: identity\r\n\r\n", One(501), Ending.Closed));
        yield return new("6.3 two Content-Length lines get 400", new("RFC 9112 §6.3 (MUST treat as an unrecoverable error)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 2\r\nContent-Length: 2\r\n\r\n{{}}", One(400), Ending.Closed));
        yield return new("6.3 a Content-Length list gets 400", new("RFC 9112 §6.3", $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 2, 2\r\n\r\n{{}}", One(400), Ending.Closed));
        yield return new("6.3 a signed Content-Length gets 400", new("RFC 9112 §6.3 / RFC 9110 §8.6 (1*DIGIT)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: +2\r\n\r\n{{}}", One(400), Ending.Closed));
        yield return new("6.3 a Content-Length past a long integer gets 400", new("RFC 9110 §8.6 (MUST NOT overflow)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Content-Length: 99999999999999999999\r\n\r\n", One(400), Ending.Closed));
        yield return new("6.3 a body framed by Content-Length", new("RFC 9112 §6.3 (rule 6)", Post(Payment()), One(202, noHeader: "Connection"), Ending.Open));
        yield return new("6.3 no Content-Length, no body", new("RFC 9112 §6.3 (rule 7: a request without either has no body)", $"POST /payments HTTP/1.1\r\n{Host}{Json}\r\n", One(400, body: "malformed JSON"), Ending.Open));

        // §7.1 Chunked transfer coding.
        yield return new("7.1 a chunked body with extensions and a trailer", new("RFC 9112 §7.1.1, §7.1.2 (extensions and trailers may be ignored)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: chunked\r\n\r\n10;ext=\"v\"\r\n{Payment()[..16]}\r\n{Payment().Length - 16:X}\r\n{Payment()[16..]}\r\n0\r\nX-Trailer: t\r\n\r\n", One(202), Ending.Open));
        yield return new("7.1 a chunk size that is not hex gets 400", new("RFC 9112 §7.1 (chunk-size = 1*HEXDIG)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n", One(400), Ending.Closed));
        yield return new("7.1 chunk data not ended by CRLF gets 400", new("RFC 9112 §7.1 (chunk = chunk-size CRLF chunk-data CRLF)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: chunked\r\n\r\n2\r\n{{}}XX0\r\n\r\n", One(400), Ending.Closed));
        yield return new("7.1 a chunk line ended by a bare LF gets 400 at once", new("RFC 9112 §2.2, §7.1", $"POST /payments HTTP/1.1\r\n{Host}{Json}Transfer-Encoding: chunked\r\n\r\n2\n{{}}\n", One(400, body: "bare LF"), Ending.Closed));

        // §9 Connection management.
        yield return new("9.3 HTTP/1.1 persists by default", new("RFC 9112 §9.3", Get("/healthz") + Get("/healthz"), [new(200, NoHeader: "Connection"), new(200)], Ending.Open));
        yield return new("9.3 Connection: close is answered in kind and closed", new("RFC 9112 §9.6 (MUST close after the answer)", Get("/healthz", headers: Host + "Connection: close\r\n"), One(200, header: "Connection: close"), Ending.Closed));
        yield return new("9.3 HTTP/1.0 closes by default", new("RFC 9112 §9.3", Get("/healthz", headers: "", version: "HTTP/1.0"), One(200, header: "Connection: close"), Ending.Closed));
        yield return new("9.3.2 pipelined requests are answered in order", new("RFC 9112 §9.3.2 (MUST send responses in the order received)", Post(Payment()) + Get("/nope") + Get("/healthz", method: "HEAD") + Get("/payments") + Get("/healthz"), [new(202), new(404), new(200, Head: true), new(405), new(200, Body: "live")], Ending.Open));
        yield return new("9.3.2 a request after a closing one is not answered", new("RFC 9112 §9.6 (MUST NOT process further requests)", Get("/healthz", headers: Host + "Connection: close\r\n") + Get("/nope"), One(200, header: "Connection: close"), Ending.Closed));
    }
}
