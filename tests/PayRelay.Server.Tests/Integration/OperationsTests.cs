using System.Net;
using System.Text.Json;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary><c>/healthz</c> for the balancer, <c>/status</c> for people, and what a full queue answers.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class OperationsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Status_DefaultFailing_ShowsInstanceQueueRouterStateAndCounters()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { FallbackAfter = TimeSpan.FromSeconds(30) });
        using (var healthz = await cluster.Client(0).GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }

        await cluster.PostPaymentsAsync(4, onlyTo: 0);
        Assert.True(await cluster.TrySettleAsync());
        cluster.Default.State.Failing = true;
        await cluster.PostPaymentsAsync(6, onlyTo: 0);

        await Eventually.HoldsAsync(
            async () =>
            {
                using var status = await StatusAsync(cluster.Client(0));
                return status.RootElement.GetProperty("processors").GetProperty("default").GetProperty("state").GetString() == "failing";
            },
            "/status shows the default failing",
            Deadline);
        using (var status = await StatusAsync(cluster.Client(0)))
        {
            var root = status.RootElement;
            Assert.Equal("api1", root.GetProperty("instanceId").GetString());
            Assert.Equal(6, root.GetProperty("queueDepth").GetInt32() + root.GetProperty("inFlight").GetInt32());
            Assert.Equal("healthy", root.GetProperty("processors").GetProperty("fallback").GetProperty("state").GetString());
            Assert.True(root.GetProperty("cpuMilliseconds").GetInt64() > 0);
            var atDefault = root.GetProperty("processors").GetProperty("default");
            Assert.Equal(4, atDefault.GetProperty("confirmed").GetInt64());
            Assert.True(atDefault.GetProperty("started").GetInt64() > 4, "the four confirmed and the failed attempts since");
            Assert.InRange(atDefault.GetProperty("limit").GetInt32(), 1, 64);
            Assert.Equal(0, root.GetProperty("processors").GetProperty("fallback").GetProperty("started").GetInt64());
            var counters = root.GetProperty("counters");
            Assert.Equal(10, counters.GetProperty("accepted").GetInt64());
            Assert.Equal(4, counters.GetProperty("confirmed").GetInt64());
            Assert.True(counters.GetProperty("retried").GetInt64() > 0);
            var memory = root.GetProperty("memory");
            Assert.Equal(Environment.WorkingSet, memory.GetProperty("workingSetBytes").GetInt64(), (double)(64 << 20));
            Assert.InRange(memory.GetProperty("gcHeapBytes").GetInt64(), 1, memory.GetProperty("gcCommittedBytes").GetInt64());
            Assert.True(memory.GetProperty("allocatedBytes").GetInt64() > 0);
            Assert.Equal(3, memory.GetProperty("collections").GetArrayLength());
            // The instances run in this process: their pause total so far cannot exceed the process's own now.
            Assert.InRange(memory.GetProperty("gcPauseMilliseconds").GetDouble(), 0, GC.GetTotalPauseDuration().TotalMilliseconds);
        }

        cluster.Default.State.Failing = false;
        await cluster.AssertConsistentAsync();
    }

    [Fact]
    public async Task PostPayments_QueueFull_Answers503AndChargesOnlyWhatItAccepted()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { QueueCapacity = 5, MaxInFlightPerProcessor = 2, FallbackAfter = TimeSpan.FromSeconds(30) });
        cluster.Default.State.Failing = true;
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            statuses.Add(await cluster.PostPaymentAsync(0, Guid.NewGuid()));
        }

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"answered {(int)s}"));
        cluster.Default.State.Failing = false;

        // Only the payments answered 2xx are charged; those refused were never promised.
        await cluster.AssertConsistentAsync();
        Assert.Equal(statuses.Count(s => s == HttpStatusCode.Accepted), cluster.Default.State.Count);
    }

    private static async Task<JsonDocument> StatusAsync(HttpClient client)
    {
        using var response = await client.GetAsync("status");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
