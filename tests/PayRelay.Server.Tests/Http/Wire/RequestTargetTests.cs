using System.Text;
using PayRelay.Server.Http.Wire;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class RequestTargetTests
{
    [Theory]
    [InlineData("/payments", "/payments")]
    [InlineData("/payments?x=1", "/payments")]
    [InlineData("/%70ayments", "/payments")]
    [InlineData("/a/../payments", "/payments")]
    [InlineData("/./payments", "/payments")]
    [InlineData("/../payments", "/payments")]
    [InlineData("/a/./b/../c/", "/a/c/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/x/%2e%2e/internal/summary", "/internal/summary")]
    public void Path_DecodesAndRemovesDotSegments(string target, string expected)
    {
        var bytes = Encoding.ASCII.GetBytes(target);

        Assert.Equal(expected, RequestTarget.Path(bytes));
        Assert.Equal(expected == "/payments", RequestTarget.PathIs(bytes, "/payments"));
    }

    [Fact]
    public void Path_EncodedSlash_StaysEncodedSoItCannotJoinSegments()
    {
        Assert.NotEqual("/internal/summary", RequestTarget.Path("/internal%2Fsummary"u8));
        Assert.False(RequestTarget.PathIs("/payments%2F"u8, "/payments"));
    }

    [Theory]
    [InlineData("/payments-summary", "")]
    [InlineData("/payments-summary?from=a&to=b", "?from=a&to=b")]
    public void Query_KeepsTheLeadingQuestionMark(string target, string expected) =>
        Assert.Equal(expected, RequestTarget.Query(Encoding.ASCII.GetBytes(target)));

    [Theory]
    [InlineData("/%00")]
    [InlineData("/payments%00")]
    [InlineData("/%0a")]
    [InlineData("/%7F")]
    [InlineData("/%")]
    [InlineData("/%4")]
    [InlineData("/%zz")]
    [InlineData("/%C3")]
    [InlineData("/%FF%FE")]
    public void Path_BadEscapeOrEscapedControl_Throws400(string target)
    {
        var error = Assert.Throws<WireException>(() => RequestTarget.Path(Encoding.ASCII.GetBytes(target)));

        Assert.Equal(400, error.Status);
        Assert.Equal(400, Assert.Throws<WireException>(() => RequestTarget.PathIs(Encoding.ASCII.GetBytes(target), "/payments")).Status);
    }

    [Theory]
    [InlineData("/caf%C3%A9", "/caf\u00e9")]
    [InlineData("/%41%62", "/Ab")]
    [InlineData("", "/")]
    [InlineData("?from=a", "/")]
    public void Path_Utf8EscapesAndAnEmptyPath_Decoded(string target, string expected) =>
        Assert.Equal(expected, RequestTarget.Path(Encoding.ASCII.GetBytes(target)));
}
