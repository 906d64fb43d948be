using System.Net;
using System.Net.Sockets;
using System.Text;
using PayRelay.Deploy.Tests.Live;
using PayRelay.Testing;

namespace PayRelay.Deploy.Tests.Monitoring;

/// <summary>
/// deploy/monitoring/metrics-proxy.conf run by a real nginx, its /sockets/ and port pointed at the test's own, in
/// front of two stand-in instances: each instance's /metrics at /apiN/metrics, and nothing else.
/// </summary>
public sealed class MetricsProxyTests
{
    [SkippableFact]
    public async Task MetricsProxy_RepositoryConfig_EachInstancesMetricsFromItsSocketAndNothingElse()
    {
        var nginx = Tools.Require("nginx");
        var directory = Directory.CreateTempSubdirectory("payrelay-metrics-proxy-").FullName;
        // nginx's workers run as nobody when started by root: they must be able to enter it.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var output = new StringBuilder();
        System.Diagnostics.Process? proxy = null;
        var api1 = new FakeInstance("api1", Path.Combine(directory, "api1.sock"));
        var api2 = new FakeInstance("api2", Path.Combine(directory, "api2.sock"));
        try
        {
            await api1.StartAsync();
            await api2.StartAsync();
            var port = FreePort();
            var config = Path.Combine(directory, "metrics-proxy.conf");
            await File.WriteAllTextAsync(config, Localize(await File.ReadAllTextAsync(RepoPaths.MetricsProxyConfig), directory, port));
            proxy = Tools.Start(nginx, ["-p", directory, "-c", config, "-g", $"daemon off; pid {directory}/nginx.pid;"], new Dictionary<string, string>(), output);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.HoldsAsync(async () => await AnswersAsync(client), $"the proxy answers on {port}:\n{output}");

            foreach (var instance in new[] { api1, api2 })
            {
                using var response = await client.GetAsync(new Uri($"/{instance.Name}/metrics", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(instance.Name, response.Headers.GetValues("X-Instance").Single());
                Assert.Contains(("GET", "/metrics", ""), instance.Requests);
            }

            using (var post = await client.PostAsync(new Uri("/api1/metrics", UriKind.Relative), new StringContent("")))
            {
                Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            }

            foreach (var path in new[] { "/payments", "/api1/payments", "/api1/status", "/metrics" })
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }

            Assert.All(api1.Requests.Concat(api2.Requests), r => Assert.Equal(("GET", "/metrics"), (r.Method, r.Path)));
        }
        finally
        {
            if (proxy is { HasExited: false })
            {
                proxy.Kill(entireProcessTree: true);
                await proxy.WaitForExitAsync();
            }

            proxy?.Dispose();
            await api1.DisposeAsync();
            await api2.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The config with its literal /sockets/ and port 9100 replaced, as <see cref="NginxStack.Localize"/> does for the balancer.</summary>
    public static string Localize(string config, string socketDirectory, int port)
    {
        var localized = config.Replace("unix:/sockets/", $"unix:{socketDirectory}/", StringComparison.Ordinal)
            .Replace("listen 9100;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        Assert.DoesNotContain("unix:/sockets/", localized, StringComparison.Ordinal);
        Assert.Contains($"listen 127.0.0.1:{port};", localized, StringComparison.Ordinal);
        return localized;
    }

    private static async Task<bool> AnswersAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.NotFound;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
