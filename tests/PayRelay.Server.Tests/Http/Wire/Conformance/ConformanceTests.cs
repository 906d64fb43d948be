using PayRelay.Server.Http.Wire;
using PayRelay.Server.Tests.Integration;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Http.Wire.Conformance;

/// <summary>
/// Runs every row of <see cref="ConformanceCases"/> (RFC 9112 and RFC 9110 requirements, issue 17's table, PayRelay's
/// limits and timeouts) against one instance on a loopback TCP port: the row's bytes in, its answers read off the
/// socket in order, then how the connection ends. One instance serves every row, each on a connection of its own.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ConformanceTests(ConformanceTests.Server server) : IClassFixture<ConformanceTests.Server>
{
    public static TheoryData<string> Rows => ConformanceCases.Names;

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Row_AnsweredAsTheRequirementSays(string row)
    {
        var test = ConformanceCases.All[row];
        var host = server.Host;
        await using var connection = await host.ConnectAsync();

        await connection.SendAsync(test.Request);
        for (var i = 0; i < test.Answers.Length; i++)
        {
            var expected = test.Answers[i];
            var answer = await connection.ReadResponseAsync(expected.Head);
            Check(row, test, expected, answer);
            if (i == 0 && test.Then is { } then)
            {
                await connection.SendAsync(then);
            }
        }

        switch (test.Ending)
        {
            case Ending.Open:
                await connection.SendAsync("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n");
                var next = await connection.ReadResponseAsync();
                Assert.True(next is { Status: 200, Body: "{\"status\":\"live\"}" }, $"{row}: the connection stays open and in step; the next answer was {next.Head}");
                break;
            case Ending.Closed:
                Assert.True(await host.ClosedByServerAsync(connection), $"{row}: the server closes the connection, sending nothing more");
                break;
            case Ending.RequestTimeout:
                var timedOut = connection.ReadResponseAsync();
                await Eventually.HoldsAsync(
                    () =>
                    {
                        host.Time.Advance(TimeSpan.FromSeconds(5));
                        return timedOut.IsCompleted;
                    },
                    $"{row}: a 408 once the request timeout passes");
                Assert.Equal(408, (await timedOut).Status);
                Assert.Equal("close", (await timedOut).Headers["Connection"]);
                Assert.True(await host.ClosedByServerAsync(connection));
                break;
            case Ending.IdleTimeout:
                Assert.True(await host.ClosedByServerAsync(connection, ConnectionWatch.KeepAliveTimeout / 10), $"{row}: the idle connection closes without an answer");
                break;
        }
    }

    [Fact]
    public void Rows_EachNamesItsSource() =>
        Assert.All(ConformanceCases.All, row => Assert.False(string.IsNullOrWhiteSpace(row.Value.Source), row.Key));

    private static void Check(string row, WireCase test, Answer expected, RawResponse answer)
    {
        var where = $"{row} ({test.Source}): answered\n{answer.Head}\n\n{answer.Body}\n";
        Assert.True(expected.Status == answer.Status, $"{where}expected {expected.Status}");
        Assert.True(answer.Headers.ContainsKey("Date") || answer.Status < 200, $"{where}every final answer carries Date");
        if (expected.Header is { } header)
        {
            var (name, value) = (header[..header.IndexOf(':', StringComparison.Ordinal)], header[(header.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            Assert.True(answer.Headers.TryGetValue(name, out var actual) && actual == value, $"{where}expected the header {header}");
        }

        if (expected.NoHeader is { } absent)
        {
            Assert.False(answer.Headers.ContainsKey(absent), $"{where}expected no {absent} header");
        }

        if (expected.Body is { } text)
        {
            Assert.True(answer.Body.Contains(text, StringComparison.Ordinal), $"{where}expected the body to say '{text}'");
        }

        if (answer.Status >= 400 && !expected.Head)
        {
            Assert.True(answer.Headers.TryGetValue("Content-Type", out var type) && type == "application/json" && answer.Body.StartsWith("{\"error\":", StringComparison.Ordinal), $"{where}an error is a JSON error");
            Assert.True(answer.Body.Length < 300, $"{where}an error is short");
        }
    }

    /// <summary>The instance every row runs against.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private WireHost? _host;

        public WireHost Host => _host ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync() => _host = await WireHost.StartAsync();

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }
    }
}
