namespace PayRelay.Server.Tests.Http.Wire.Conformance;

public static partial class ConformanceCases
{
    private static IEnumerable<KeyValuePair<string, WireCase>> Rfc9110()
    {
        // §9.1 Methods, §9.3.2 HEAD, §15.5.6 405.
        yield return new("9.3.2 HEAD is answered as GET without a body", new("RFC 9110 §9.3.2 (MUST NOT send content)", Get("/healthz", method: "HEAD"), One(200, head: true, header: "Content-Length: 17"), Ending.Open));
        yield return new("9.3.2 HEAD on a path that is not served: 404 without a body", new("RFC 9110 §9.3.2", Get("/nope", Host + "Connection: close\r\n", "HEAD"), One(404, head: true), Ending.Closed));
        yield return new("9.3.2 HEAD where it is not allowed: 405 without a body", new("RFC 9110 §9.3.2, §15.5.6", Get("/payments", Host + "Connection: close\r\n", "HEAD"), One(405, head: true, header: "Allow: POST"), Ending.Closed));
        yield return new("9.3.2 HEAD refused as malformed: 400 without a body", new("RFC 9110 §9.3.2", Get("/healthz", "Connection: close\r\n", "HEAD"), One(400, head: true), Ending.Closed));
        yield return new("9.3.2 HEAD of the summary", new("RFC 9110 §9.3.2", Get("/payments-summary", Host + "Connection: close\r\n", "HEAD"), One(200, head: true), Ending.Closed));
        yield return new("15.5.6 405 names the methods allowed", new("RFC 9110 §15.5.6 (MUST send Allow)", Get("/payments"), One(405, header: "Allow: POST"), Ending.Open));
        yield return new("15.5.6 405 on the health check names GET and HEAD", new("RFC 9110 §15.5.6", Post("{}", path: "/healthz"), One(405, header: "Allow: GET, HEAD"), Ending.Open));
        yield return new("15.5.6 405 on the purge names POST", new("RFC 9110 §15.5.6", Get("/purge-payments", method: "DELETE"), One(405, header: "Allow: POST", body: "DELETE is not allowed"), Ending.Open));
        yield return new("9.1 methods are case-sensitive", new("RFC 9110 §9.1 (the method token is case-sensitive)", Get("/healthz", method: "get"), One(405, header: "Allow: GET, HEAD", body: "get is not allowed"), Ending.Open));
        yield return new("9.1 an unknown method is named as sent", new("RFC 9110 §9.1", Get("/status", method: "BREW"), One(405, body: "BREW is not allowed"), Ending.Open));

        // §10.1.1 Expect.
        yield return new("10.1.1 Expect: 100-continue invites the body", new("RFC 9110 §10.1.1 (100 before reading the content)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Expect: 100-continue\r\nContent-Length: {Payment().Length}\r\n\r\n", [new(100), new(202)], Ending.Open, Then: Payment()));
        yield return new("10.1.1 Expect: 100-continue with a body over the limit: 413, no 100", new("RFC 9110 §10.1.1 (MAY answer the final status instead)", $"POST /payments HTTP/1.1\r\n{Host}{Json}Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n", One(413), Ending.Closed));
        yield return new("10.1.1 Expect: 100-continue from HTTP/1.0 is ignored", new("RFC 9110 §10.1.1 (MUST NOT send 100 to an HTTP/1.0 client)", $"POST /payments HTTP/1.0\r\n{Json}Expect: 100-continue\r\nContent-Length: {Payment().Length}\r\n\r\n{Payment()}", One(202, header: "Connection: close"), Ending.Closed));
    }
}
