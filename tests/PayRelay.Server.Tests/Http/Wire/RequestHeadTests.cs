using System.Text;
using PayRelay.Server.Http.Wire;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class RequestHeadTests
{
    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static RequestHead Parse(string text)
    {
        Assert.True(RequestHead.TryParse(Bytes(text), out var head));
        return head;
    }

    [Fact]
    public void TryParse_PaymentPost_ReadsMethodTargetFramingAndContentType()
    {
        const string text = "POST /payments HTTP/1.1\r\nHost: api\r\nContent-Type:   application/json; charset=utf-8 \r\ncontent-length: 70\r\n\r\n{\"body\":1}";
        var bytes = Bytes(text);

        Assert.True(RequestHead.TryParse(bytes, out var head));

        Assert.Equal(text.IndexOf("{\"body", StringComparison.Ordinal), head.Length);
        Assert.Equal("POST", Encoding.ASCII.GetString(bytes[head.Method]));
        Assert.Equal("/payments", Encoding.ASCII.GetString(bytes[head.Target]));
        Assert.Equal("application/json; charset=utf-8", Encoding.ASCII.GetString(bytes[head.ContentType]));
        Assert.Equal(70, head.ContentLength);
        Assert.False(head.Chunked);
        Assert.False(head.Close);
        Assert.False(head.ExpectContinue);
        Assert.True(head.IsPaymentsPost(bytes));
    }

    [Fact]
    public void TryParse_NoBodyHeaders_HasNoContentLengthAndNoContentType()
    {
        var bytes = Bytes("GET /payments-summary?from=2025-07-10T12:34:56.000Z HTTP/1.1\r\nHost: api\r\n\r\n");

        Assert.True(RequestHead.TryParse(bytes, out var head));

        Assert.Equal(-1, head.ContentLength);
        Assert.Empty(bytes[head.ContentType]);
        Assert.Equal("/payments-summary?from=2025-07-10T12:34:56.000Z", Encoding.ASCII.GetString(bytes[head.Target]));
        Assert.False(head.IsPaymentsPost(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("POST /payments HTTP/1.1\r\n")]
    [InlineData("POST /payments HTTP/1.1\r\nContent-Length: 5\r\n")]
    [InlineData("POST /payments HTTP/1.1\r\nContent-Length: 5\r\n\r")]
    public void TryParse_HeadNotYetEnded_ReturnsFalse(string text) => Assert.False(RequestHead.TryParse(Bytes(text), out _));

    [Theory]
    [InlineData("Connection: close", true)]
    [InlineData("Connection: keep-alive, Close", true)]
    [InlineData("Connection: keep-alive", false)]
    [InlineData("X-Other: close", false)]
    public void TryParse_ConnectionHeader_DecidesClose(string header, bool close) =>
        Assert.Equal(close, Parse($"GET / HTTP/1.1\r\nHost: api\r\n{header}\r\n\r\n").Close);

    [Fact]
    public void TryParse_Http10_ClosesUnlessKeepAliveIsAsked()
    {
        Assert.True(Parse("GET /healthz HTTP/1.0\r\n\r\n").Close);
        Assert.True(Parse("GET /healthz HTTP/1.0\r\n\r\n").Http10);
        Assert.False(Parse("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").Close);
    }

    [Fact]
    public void TryParse_ChunkedAndExpectContinue_AreNoted()
    {
        var head = Parse("POST /payments HTTP/1.1\r\nHost: api\r\nTransfer-Encoding: Chunked\r\nExpect: 100-continue\r\n\r\n");

        Assert.True(head.Chunked);
        Assert.True(head.ExpectContinue);
        Assert.Equal(-1, head.ContentLength);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("GET /\r\n\r\n", 400)]
    [InlineData("GET  HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET payments HTTP/1.1\r\n\r\n", 400)]
    [InlineData("G(T / HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET / FTP/1.1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/2.0\r\n\r\n", 505)]
    [InlineData("PRI * HTTP/2.0\r\n\r\n", 505)]
    [InlineData("GET / HTTP/1.1\r\nHost: api\r\nNoColon\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost : api\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\n Folded: value\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: api\r\nX-Bad: a\nb\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nContent-Length: +5\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nContent-Length: 5x\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nContent-Length: \r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: api\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)]
    public void TryParse_MalformedHead_ThrowsWithTheStatusToAnswer(string text, int status)
    {
        var error = Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes(text), out _));

        Assert.Equal(status, error.Status);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void TryParse_HeadOver16KB_Throws431WhetherEndedOrNot()
    {
        var longHeader = "X-Long: " + new string('a', RequestHead.MaxLength) + "\r\n";

        Assert.Equal(431, Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes("GET / HTTP/1.1\r\n" + longHeader), out _)).Status);
        Assert.Equal(431, Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes("GET / HTTP/1.1\r\n" + longHeader + "\r\n"), out _)).Status);
    }

    [Theory]
    [InlineData("GET /healthz HTTP/1.1\r\n\r\n", "needs a Host")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", "one Host")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", "Host")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: user@api\r\n\r\n", "Host")]
    [InlineData("GET /healthz HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", "one Host")]
    public void TryParse_HostMissingRepeatedOrMalformed_Throws400(string text, string why)
    {
        var error = Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes(text), out _));

        Assert.Equal(400, error.Status);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /healthz HTTP/1.0\r\n\r\n")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost:\r\n\r\n")]
    [InlineData("GET /healthz HTTP/1.1\r\nHOST: [::1]:8080\r\n\r\n")]
    public void TryParse_Http10WithoutHostOrAnEmptyOrIPv6Host_Accepted(string text) => Parse(text);

    [Theory]
    [InlineData("GET http://api/payments?x=1 HTTP/1.1", "/payments?x=1")]
    [InlineData("GET HTTPS://api:9999/healthz HTTP/1.1", "/healthz")]
    [InlineData("GET http://api HTTP/1.1", "")]
    [InlineData("GET http://api?from=a HTTP/1.1", "?from=a")]
    public void TryParse_AbsoluteForm_TargetIsItsPathAndQuery(string requestLine, string target)
    {
        var bytes = Bytes(requestLine + "\r\nHost: other\r\n\r\n");

        Assert.True(RequestHead.TryParse(bytes, out var head));

        Assert.Equal(target, Encoding.ASCII.GetString(bytes[head.Target]));
    }

    [Theory]
    [InlineData("GET ftp://api/payments HTTP/1.1", 400)]
    [InlineData("GET http:///payments HTTP/1.1", 400)]
    [InlineData("GET http://user@api/payments HTTP/1.1", 400)]
    [InlineData("GET * HTTP/1.1", 400)]
    [InlineData("OPTIONS * HTTP/1.1", 501)]
    [InlineData("CONNECT api:443 HTTP/1.1", 400)]
    [InlineData("GET /a#fragment HTTP/1.1", 400)]
    [InlineData("GET /a\"b HTTP/1.1", 400)]
    [InlineData("GET /caf\u00e9 HTTP/1.1", 400)]
    [InlineData("GET / HTTP/1.10", 400)]
    [InlineData("GET / http/1.1", 400)]
    [InlineData("GET / HTTP/3.0", 505)]
    public void TryParse_TargetOrVersionNotServed_ThrowsWithTheStatusToAnswer(string requestLine, int status) =>
        Assert.Equal(status, Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes(requestLine + "\r\nHost: api\r\n\r\n"), out _)).Status);

    [Fact]
    public void TryParse_LaterMinorVersion_ReadAsHttp11()
    {
        var head = Parse("GET / HTTP/1.2\r\nHost: api\r\n\r\n");

        Assert.False(head.Http10);
        Assert.False(head.Close);
    }

    [Theory]
    [InlineData("GET /healthz HTTP/1.1\nHost: api\n\n")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: api\n")]
    [InlineData("GET /healthz HTTP/1.1\n")]
    public void TryParse_BareLineFeeds_Throw400BeforeTheHeadEnds(string text)
    {
        var error = Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes(text), out _));

        Assert.Equal(400, error.Status);
        Assert.Contains("bare LF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RequestLineOver16KB_Throws414()
    {
        var line = "GET /" + new string('a', RequestHead.MaxLength);

        Assert.Equal(414, Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes(line), out _)).Status);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked", 400)]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", 400)]
    [InlineData("Transfer-Encoding: ,", 400)]
    public void TryParse_TransferEncodingMisused_Throws(string header, int status)
    {
        var http10 = header == "Transfer-Encoding: chunked";
        var text = $"POST /payments HTTP/1.{(http10 ? 0 : 1)}\r\nHost: api\r\n{header}\r\n\r\n";

        Assert.Equal(status, Assert.Throws<WireException>(() => RequestHead.TryParse(Bytes(text), out _)).Status);
    }

    [Fact]
    public void TryParse_Http10KeepAlive_AskedForInTheAnswer()
    {
        Assert.True(Parse("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").KeepAlive10);
        Assert.False(Parse("GET /healthz HTTP/1.0\r\n\r\n").KeepAlive10);
        Assert.False(Parse("GET /healthz HTTP/1.1\r\nHost: api\r\nConnection: keep-alive\r\n\r\n").KeepAlive10);
    }
}
