using System.Text;
using PayRelay.Server.Http.Wire;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class ChunkedBodyTests
{
    private const string Body = "4;name=value\r\n{\"co\r\n11\r\nrrelationId\":\"x\",\r\n0\r\nX-Trailer: yes\r\n\r\n";

    [Fact]
    public void TryDecode_ChunksWithExtensionAndTrailer_GivesTheBodyAndItsWireLength()
    {
        var data = Encoding.ASCII.GetBytes(Body + "GET /next HTTP/1.1\r\n");
        var output = new byte[64];

        var result = ChunkedBody.TryDecode(data, output, out var consumed, out var written);

        Assert.Equal(ChunkedResult.Complete, result);
        Assert.Equal(Body.Length, consumed);
        Assert.Equal("{\"correlationId\":\"x\",", Encoding.ASCII.GetString(output, 0, written));
    }

    [Fact]
    public void TryDecode_EveryProperPrefix_NeedsMore()
    {
        var data = Encoding.ASCII.GetBytes(Body);
        for (var length = 0; length < data.Length; length++)
        {
            Assert.True(ChunkedBody.TryDecode(data.AsSpan(0, length), new byte[64], out _, out _) == ChunkedResult.NeedMore, $"prefix of {length} bytes");
        }
    }

    [Fact]
    public void TryDecode_MoreDataThanTheOutputHolds_IsTooLarge()
    {
        var data = Encoding.ASCII.GetBytes("8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");

        Assert.Equal(ChunkedResult.TooLarge, ChunkedBody.TryDecode(data, new byte[12], out _, out _));
        Assert.Equal(ChunkedResult.Complete, ChunkedBody.TryDecode(data, new byte[16], out _, out var written));
        Assert.Equal(16, written);
    }

    [Theory]
    [InlineData("z\r\nabc\r\n0\r\n\r\n")]
    [InlineData("\r\nabc\r\n0\r\n\r\n")]
    [InlineData("-3\r\nabc\r\n0\r\n\r\n")]
    [InlineData("123456789\r\n")]
    [InlineData("3\r\nabcX\r\n0\r\n\r\n")]
    public void TryDecode_MalformedFraming_Throws400(string body)
    {
        var error = Assert.Throws<WireException>(() => ChunkedBody.TryDecode(Encoding.ASCII.GetBytes(body), new byte[64], out _, out _));

        Assert.Equal(400, error.Status);
    }
}
