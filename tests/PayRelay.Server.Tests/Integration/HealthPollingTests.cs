using System.Diagnostics;
using System.Text.Json;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// One health poller per processor for the whole deployment: each processor sees at most one health call per
/// window, the standby takes over when the primary is gone, and poll results are shared with the peer.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class HealthPollingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task HealthPolling_TwoInstances_OnlyThePrimaryPollsAndTheStandbyGetsItsResults()
    {
        await using var cluster = await TestCluster.StartAsync(countHealthCalls: true);
        cluster.Default.State.DelayMilliseconds = 7;

        await Eventually.HoldsAsync(() => Calls(cluster) >= 4, "each processor was polled a few times", Deadline);
        using var api1 = await StatusAsync(cluster, 0);
        using var api2 = await StatusAsync(cluster, 1);

        Assert.True(api1.RootElement.GetProperty("healthPolling").GetBoolean());
        Assert.False(api2.RootElement.GetProperty("healthPolling").GetBoolean());
        var shared = api2.RootElement.GetProperty("processors").GetProperty("default").GetProperty("health");
        Assert.Equal("api1", shared.GetProperty("source").GetString());
        Assert.Equal(7, shared.GetProperty("minResponseTime").GetInt64());
        AssertAtMostOneCallPerWindow(cluster);
    }

    [Fact]
    public async Task HealthPolling_PrimaryGone_StandbyTakesOverAndStillOneCallPerWindow()
    {
        await using var cluster = await TestCluster.StartAsync(countHealthCalls: true);
        await Eventually.HoldsAsync(() => Calls(cluster) >= 2, "the primary polled", Deadline);

        await cluster.KillInstanceAsync(0);
        var before = cluster.DefaultProxy!.HealthCalls.Count;

        await Eventually.HoldsAsync(async () => Polling(await StatusAsync(cluster, 1)), "the standby polls", Deadline);
        await Eventually.HoldsAsync(() => cluster.DefaultProxy.HealthCalls.Count >= before + 2, "the standby's polls reach the processor", Deadline);
        AssertAtMostOneCallPerWindow(cluster);
    }

    [Fact]
    public async Task HealthPolling_PrimaryRestartsWhileStandbyPolls_HandsBackWithoutTwoCallsInAWindow()
    {
        await using var cluster = await TestCluster.StartAsync(countHealthCalls: true);

        // The hand-back races the standby's next poll by milliseconds: two rounds make a double call likely to show.
        for (var round = 0; round < 2; round++)
        {
            await cluster.KillInstanceAsync(0);
            await Eventually.HoldsAsync(async () => Polling(await StatusAsync(cluster, 1)), "the standby polls", Deadline);

            await cluster.StartInstanceAsync(0);
            var restartedAt = Stopwatch.GetTimestamp();

            await Eventually.HoldsAsync(async () => !Polling(await StatusAsync(cluster, 1)), "the standby hands polling back", Deadline);
            await Eventually.HoldsAsync(
                () => cluster.DefaultProxy!.HealthCalls.Count(c => c.ArrivedAt > restartedAt) >= 2,
                "polls after the restart reach the processor",
                Deadline);
        }

        AssertAtMostOneCallPerWindow(cluster);
    }

    private static int Calls(TestCluster cluster) => Math.Min(cluster.DefaultProxy!.HealthCalls.Count, cluster.FallbackProxy!.HealthCalls.Count);

    private static bool Polling(JsonDocument status)
    {
        using (status)
        {
            return status.RootElement.GetProperty("healthPolling").GetBoolean();
        }
    }

    private static async Task<JsonDocument> StatusAsync(TestCluster cluster, int index)
    {
        using var response = await cluster.Client(index).GetAsync("status");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every health call was answered at once (none queued or refused) and no two came within one window.</summary>
    private static void AssertAtMostOneCallPerWindow(TestCluster cluster)
    {
        foreach (var (name, proxy) in new[] { ("default", cluster.DefaultProxy!), ("fallback", cluster.FallbackProxy!) })
        {
            var calls = proxy.HealthCalls;
            var gaps = calls.Zip(calls.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.ArrivedAt, b.ArrivedAt)).ToList();
            var report = string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0}"));
            Assert.All(calls, c => Assert.True(c.Status == 200, $"{name}: a health call got {c.Status}; gaps (ms): {report}"));
            Assert.All(gaps, g => Assert.True(g >= TestCluster.HealthWindow, $"{name}: two health calls within one window; gaps (ms): {report}"));
        }
    }
}
