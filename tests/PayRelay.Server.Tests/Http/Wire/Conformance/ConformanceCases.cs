namespace PayRelay.Server.Tests.Http.Wire.Conformance;

/// <summary>
/// The conformance table of PayRelay's HTTP/1.1 server. The checklist is the requirements of RFC 9112 (HTTP/1.1:
/// message syntax, request line, Host, field syntax, framing, chunked coding, persistence) and of RFC 9110 that the
/// server side of a request touches (HEAD, 405 and Allow, Expect, version handling), each row naming the section it
/// tests; then the rows of issue 17's table (a probe as a hostile client, what it found and what is expected), and the
/// limits and timeouts PayRelay sets itself. Every row is raw bytes on a real socket, answers read byte by byte.
/// </summary>
public static partial class ConformanceCases
{
    private const string Host = "Host: t\r\n";
    private const string Json = "Content-Type: application/json\r\n";
    private const string Id = "4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3";

    public static readonly IReadOnlyDictionary<string, WireCase> All = Rfc9112().Concat(Rfc9110()).Concat(Issue17()).Concat(Limits())
        .ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>The names of the rows, for a theory: each row is its own test case.</summary>
    public static TheoryData<string> Names => [.. All.Keys];

    private static string Payment(string amount = "19.90", string id = Id) => $$"""{"correlationId":"{{id}}","amount":{{amount}}}""";

    private static string Post(string body, string path = "/payments", string version = "HTTP/1.1", string headers = Host + Json) =>
        $"POST {path} {version}\r\n{headers}Content-Length: {body.Length}\r\n\r\n{body}";

    private static string Get(string path, string headers = Host, string method = "GET", string version = "HTTP/1.1") => $"{method} {path} {version}\r\n{headers}\r\n";

    private static Answer[] One(int status, bool head = false, string? header = null, string? noHeader = null, string? body = null) =>
        [new Answer(status, head, header, noHeader, body)];
}
