using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PayRelay.Bench.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests;

/// <summary>
/// <c>up --store postgres --instances 3</c> as a user runs it: a local PostgreSQL cluster in the run directory, three
/// instances sharing it behind round-robin HAProxy. Payments sent through the balancer land on all three, and any one
/// answers the summary for the deployment. Stopping tears the cluster down with the run directory.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class UpPostgresTests
{
    [SkippableFact]
    public async Task UpPostgres_ThreeInstances_PaymentsThroughTheBalancerAddUpAndStopRemovesTheCluster()
    {
        RequiredTool.Path("postgresql");
        await using var up = UpProcess.Start("--store", "postgres", "--instances", "3", "--processor-cost", "off");
        await up.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(["api1", "api2", "api3"], up.Instances.Select(i => Path.GetFileNameWithoutExtension(i.UnixSocketPath)).Order());
        var runDirectory = Path.GetDirectoryName(Path.GetDirectoryName(up.Instances[0].UnixSocketPath))!;
        var pidFile = Path.Combine(runDirectory, "postgres", "data", "postmaster.pid");
        Assert.True(File.Exists(pidFile), up.Output);

        // The banner names the cluster's main process, which scripts read in /proc for what the database spends.
        var banner = Regex.Match(up.Output, @"postmaster pid (\d+)\)");
        Assert.True(banner.Success, up.Output);
        var postmaster = int.Parse(banner.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(File.ReadLines(pidFile).First(), banner.Groups[1].Value);
        Assert.Equal("postgres", File.ReadAllText($"/proc/{postmaster}/comm").Trim());

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{up.Port}") };
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 9; i++)
        {
            using var content = JsonContent.Create(new Dictionary<string, object> { ["correlationId"] = Guid.NewGuid(), ["amount"] = 19.90m });
            using var response = await client.PostAsync(new Uri("/payments", UriKind.Relative), content);
            Assert.Equal(202, (int)response.StatusCode);
        }

        // Round-robin spread the nine over three instances; the shared ledger counts all of them wherever it is asked.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long requests;
        decimal amount;
        do
        {
            await Task.Delay(100);
            var to = DateTimeOffset.UtcNow.AddSeconds(1);
            using var summary = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/payments-summary?from={Iso(from)}&to={Iso(to)}", UriKind.Relative)));
            var (d, f) = (summary.RootElement.GetProperty("default"), summary.RootElement.GetProperty("fallback"));
            requests = d.GetProperty("totalRequests").GetInt64() + f.GetProperty("totalRequests").GetInt64();
            amount = d.GetProperty("totalAmount").GetDecimal() + f.GetProperty("totalAmount").GetDecimal();
        }
        while (requests < 9 && DateTime.UtcNow < deadline);

        Assert.Equal(9, requests);
        Assert.Equal(179.10m, amount);

        Assert.Equal(0, await up.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.False(Directory.Exists(runDirectory), up.Output);
    }

    [SkippableFact]
    public async Task UpPostgresLimits_TheClusterRunsWithTheComposeDatabasesSettingsInsideItsLimits()
    {
        RequiredTool.Path("postgresql");
        if (!Environment.IsPrivilegedProcess || !Directory.Exists("/sys/fs/cgroup/cpu"))
        {
            throw new Xunit.SkipException("--limits needs root and cgroup v1 controllers under /sys/fs/cgroup");
        }

        await using var up = UpProcess.Start("--limits", "--store", "postgres", "--instances", "1", "--processor-cost", "off");
        await up.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        var postmaster = int.Parse(Regex.Match(up.Output, @"postmaster pid (\d+)\)").Groups[1].Value, CultureInfo.InvariantCulture);
        var group = $"payrelay-{up.Port.ToString(CultureInfo.InvariantCulture)}-db";

        // The db service of deploy/docker-compose.postgres.yml: its -c settings on the server's command line, its CPU
        // quota on the group, and the postmaster inside the group (so every backend it forks is too).
        var compose = PayRelay.Bench.Up.ComposeFile.Load(Path.Combine(Support.RepoPaths.Root, "deploy", "docker-compose.postgres.yml"));
        var limits = compose.Limits("db");
        var commandLine = File.ReadAllText($"/proc/{postmaster}/cmdline").Replace('\0', ' ');
        Assert.All(compose.ServerSettings("db"), setting => Assert.Contains(setting, commandLine, StringComparison.Ordinal));
        Assert.Equal(((long)(limits.Cpus!.Value * 100_000)).ToString(CultureInfo.InvariantCulture), File.ReadAllText($"/sys/fs/cgroup/cpu/{group}/cpu.cfs_quota_us").Trim());
        Assert.Contains(File.ReadAllLines($"/proc/{postmaster}/cgroup"), line => line.Contains(":cpu", StringComparison.Ordinal) && line.EndsWith("/" + group, StringComparison.Ordinal));
        Assert.Contains(File.ReadAllLines($"/proc/{postmaster}/cgroup"), line => line.Contains(":memory:", StringComparison.Ordinal) && line.EndsWith("/" + group, StringComparison.Ordinal));

        Assert.Equal(0, await up.StopAsync(TimeSpan.FromSeconds(60)));
        Assert.False(Directory.Exists($"/sys/fs/cgroup/cpu/{group}"), "the group is removed with the stack");
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
