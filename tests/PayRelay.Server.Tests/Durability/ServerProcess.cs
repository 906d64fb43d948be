using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Durability;

/// <summary>
/// PayRelay.Server as a real process (<c>dotnet PayRelay.Server.dll</c>, configured by its environment) on a unix
/// socket, so a test can kill it with SIGKILL or SIGTERM the way an operator, an OOM kill or Docker would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string socketPath)
    {
        _process = process;
        Client = UnixSocketHttp.Client(socketPath, TimeSpan.FromSeconds(5));
    }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed, for a failing test's message.</summary>
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

    public static async Task<ServerProcess> StartAsync(string socketPath, IReadOnlyDictionary<string, string> environment)
    {
        File.Delete(socketPath);
        var dll = Path.Combine(AppContext.BaseDirectory, "PayRelay.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://unix:" + socketPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(Process.Start(start)!, socketPath);
        server._process.OutputDataReceived += (_, e) => server.Note(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Note(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        await Eventually.HoldsAsync(async () => server.HasExited || await server.HealthyAsync(), "the server process answers /healthz", TimeSpan.FromSeconds(60));
        Assert.False(server.HasExited, "the server exited at start: " + server.Output);
        return server;
    }

    /// <summary>SIGKILL: no drain, no flush, nothing after this instruction runs in the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM: the instance drains (it does not wait for the exit).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<bool> HealthyAsync()
    {
        try
        {
            using var response = await Client.GetAsync("healthz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<HttpStatusCode> PostPaymentAsync(Guid id, decimal amount = 19.90m)
    {
        using var content = new StringContent(TestCluster.PaymentJson(id, amount), Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("payments", content);
        return response.StatusCode;
    }

    /// <summary>Payments this instance holds (queued, waiting, in flight), from <c>GET /status</c>.</summary>
    public async Task<int> HeldAsync()
    {
        using var status = JsonDocument.Parse(await Client.GetStringAsync("status"));
        return status.RootElement.GetProperty("queueDepth").GetInt32() + status.RootElement.GetProperty("inFlight").GetInt32();
    }

    public async Task<int> InFlightAsync()
    {
        using var status = JsonDocument.Parse(await Client.GetStringAsync("status"));
        return status.RootElement.GetProperty("inFlight").GetInt32();
    }

    /// <summary>The backend's summary over everything: (count, amount) per processor.</summary>
    public async Task<(Totals Default, Totals Fallback)> SummaryAsync()
    {
        using var summary = JsonDocument.Parse(await Client.GetStringAsync("payments-summary"));
        return (Part("default"), Part("fallback"));

        Totals Part(string name)
        {
            var part = summary.RootElement.GetProperty(name);
            return new Totals(part.GetProperty("totalRequests").GetInt64(), part.GetProperty("totalAmount").GetDecimal());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Client.Dispose();
        _process.Dispose();
    }

    private void Note(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
