using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's package) on a loopback port, scraping the given targets every second into a temporary
/// folder, and its HTTP API's instant queries. Skips the calling test where Prometheus cannot be had.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _api;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (instance label, host:port) as job <c>payrelay</c>.</summary>
    public static PrometheusServer Start(params (string Instance, string Address)[] targets)
    {
        var executable = RequiredTool.Path("prometheus");
        var directory = Directory.CreateTempSubdirectory("payrelay-prometheus-").FullName;
        var config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: payrelay\n    static_configs:\n");
        foreach (var (instance, address) in targets)
        {
            config.Append(CultureInfo.InvariantCulture, $"      - targets: [\"{address}\"]\n        labels:\n          instance: {instance}\n");
        }

        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), config.ToString());
        var port = FreePort();
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var argument in new[]
        {
            $"--config.file={Path.Combine(directory, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        })
        {
            info.ArgumentList.Add(argument);
        }

        return new PrometheusServer(Process.Start(info)!, directory, port);
    }

    /// <summary>An instant query: its status, and the result's series as (labels, value).</summary>
    public async Task<(string Status, IReadOnlyList<(Dictionary<string, string> Labels, double Value)> Series)> QueryAsync(string query)
    {
        Assert.False(_process.HasExited, "Prometheus exited:\n" + Output);
        using var response = await _api.GetAsync(new Uri("api/v1/query?query=" + Uri.EscapeDataString(query), UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            // Up, but its storage is not ready yet.
            throw new HttpRequestException("Prometheus is starting", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var status = json.RootElement.GetProperty("status").GetString()!;
        if (status != "success")
        {
            return (status + ": " + json.RootElement.GetProperty("error").GetString(), []);
        }

        var series = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => (
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture))).ToList();
        return (status, series);
    }

    /// <summary>The value of a query that answers one series; null while it answers none (not scraped yet).</summary>
    public async Task<double?> ValueAsync(string query)
    {
        try
        {
            var (status, series) = await QueryAsync(query);
            Assert.Equal("success", status);
            return series.Count == 0 ? null : Assert.Single(series).Value;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _api.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
