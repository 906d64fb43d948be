using System.Net;
using System.Text.Json;
using PayRelay.Server.Ledger;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// The optional <c>ADMIN_TOKEN</c>: set, <c>POST /purge-payments</c> and <c>GET /status</c> need it on the public port,
/// while payments, summaries and the instances' own channel go on as before; unset, nothing changes.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class AdminTokenTests
{
    private const string Token = "s3cret-token";

    public static TheoryData<string, string?, string?> Refused => new()
    {
        { "no token", null, null },
        { "a wrong bearer token", "Bearer wrong", null },
        { "the token under another scheme", "Basic " + Token, null },
        { "a wrong X-Admin-Token", null, "wrong" },
        { "a token that only starts like it", "Bearer " + Token[..5], null },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task StatusAndPurge_TokenSetButNotPresented_401WithAJsonErrorAndNothingPurged(string kind, string? authorization, string? header)
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { AdminToken = Token });
        await cluster.PostPaymentsAsync(4);
        await cluster.AssertConsistentAsync();

        foreach (var request in new[] { new HttpRequestMessage(HttpMethod.Get, "status"), new HttpRequestMessage(HttpMethod.Post, "purge-payments") })
        {
            Present(request, authorization, header);
            using var response = await cluster.Client(0).SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: {request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains("admin token", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(4, cluster.Instance(0).Get<PaymentLedger>().Count + cluster.Instance(1).Get<PaymentLedger>().Count);
    }

    [Theory]
    [InlineData("Bearer " + Token, null)]
    [InlineData("bearer  " + Token, null)]
    [InlineData(null, Token)]
    public async Task StatusAndPurge_TokenPresented_ServedAndThePeerPurgedToo(string? authorization, string? header)
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { AdminToken = Token });
        await cluster.PostPaymentsAsync(6);
        await cluster.AssertConsistentAsync();

        using var status = new HttpRequestMessage(HttpMethod.Get, "status");
        Present(status, authorization, header);
        using (var response = await cluster.Client(1).SendAsync(status))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var purge = new HttpRequestMessage(HttpMethod.Post, "purge-payments");
        Present(purge, authorization, header);
        using (var response = await cluster.Client(0).SendAsync(purge))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The purge reached the peer over the instances' own channel, which needs no token.
        Assert.Equal(0, cluster.Instance(0).Get<PaymentLedger>().Count);
        Assert.Equal(0, cluster.Instance(1).Get<PaymentLedger>().Count);
    }

    [Fact]
    public async Task PublicCalls_TokenSet_NeedNone()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { AdminToken = Token });

        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, Guid.NewGuid()));
        using (var summary = await cluster.Client(1).GetAsync("payments-summary"))
        {
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        }

        using (var health = await cluster.Client(0).GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        await cluster.AssertConsistentAsync();
    }

    [Fact]
    public async Task HeadStatus_TokenSetButNotPresented_401WithoutABody()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { AdminToken = Token });
        await using var connection = await RawHttpConnection.OpenAsync(cluster.SocketPath(0));

        await connection.SendAsync("HEAD /status HTTP/1.1\r\nHost: api\r\nConnection: close\r\n\r\n");

        var answer = await connection.ReadResponseAsync(headRequest: true);
        Assert.Equal(401, answer.Status);
        Assert.True(await connection.ClosedByServerAsync());
    }

    private static void Present(HttpRequestMessage request, string? authorization, string? header)
    {
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (header is not null)
        {
            request.Headers.Add("X-Admin-Token", header);
        }
    }
}
