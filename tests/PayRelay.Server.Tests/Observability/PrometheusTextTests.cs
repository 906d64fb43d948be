using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Observability;

/// <summary>The parser the /metrics tests rely on accepts the format and rejects what a scraper would choke on.</summary>
public sealed class PrometheusTextTests
{
    private const string Valid = """
        # A comment.
        # TYPE requests_total counter
        # HELP requests_total Requests, by "path" \\ escaped\nacross lines.
        requests_total{path="/a\"b\\c",code="200"} 3
        requests_total{path="/",code="500"} 1 1700000000000
        # TYPE latency_seconds histogram
        latency_seconds_bucket{le="0.1"} 1
        latency_seconds_bucket{le="1"} 4
        latency_seconds_bucket{le="+Inf"} 5
        latency_seconds_sum 2.5
        latency_seconds_count 5
        up 1

        """;

    [Fact]
    public void Parse_ValidExposition_FamiliesTypesHelpAndUnescapedLabels()
    {
        var families = PrometheusText.Parse(Valid.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Equal("counter", families["requests_total"].Type);
        Assert.Equal("Requests, by \"path\" \\ escaped\nacross lines.", families["requests_total"].Help);
        Assert.Equal(3, families.Value("requests_total", ("path", "/a\"b\\c")));
        Assert.Equal("histogram", families["latency_seconds"].Type);
        Assert.Equal(5, families["latency_seconds"].Samples.Count);
        Assert.Equal("untyped", families["up"].Type);
    }

    [Theory]
    [InlineData("x_total 1\n# TYPE x_total counter\n", "after its samples")]
    [InlineData("# TYPE x counter\n# TYPE x gauge\n", "twice")]
    [InlineData("# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a=\"b\"} 2\n", "not together")]
    [InlineData("x{a=\"1\"} 1\nx{a=\"1\"} 2\n", "comes twice")]
    [InlineData("x{a=\"\\q\"} 1\n", "not an escape")]
    [InlineData("x{a=b} 1\n", "name=\"value\"")]
    [InlineData("x{a=\"b\"} one\n", "not a value")]
    [InlineData("9x 1\n", "not a metric name")]
    [InlineData("x{__a=\"b\"} 1\n", "not a label name")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "not cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n", "end at le=\"+Inf\"")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n", "_count must equal")]
    [InlineData("x 1", "line feed")]
    public void Parse_Malformed_ThrowsSayingWhat(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
