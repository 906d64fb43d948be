using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using PayRelay.Bench.Http;
using PayRelay.Bench.Up;
using PayRelay.Testing;

namespace PayRelay.Bench.Tests.Support;

/// <summary>
/// <c>PayRelay.Bench up</c> run as users run it, as a child process on free ports, with the emulator
/// and server builds the test project's build produced.
/// </summary>
public sealed partial class UpProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private UpProcess(Process process, int port, int defaultPort, int fallbackPort)
    {
        _process = process;
        Port = port;
        DefaultPort = defaultPort;
        FallbackPort = fallbackPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public int DefaultPort { get; }

    public int FallbackPort { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public ServiceEndpoint Backend => ServiceEndpoint.Parse($"http://127.0.0.1:{Port}");

    public ServiceEndpoint DefaultProcessor => ServiceEndpoint.Parse($"http://127.0.0.1:{DefaultPort}");

    public ServiceEndpoint FallbackProcessor => ServiceEndpoint.Parse($"http://127.0.0.1:{FallbackPort}");

    /// <summary>The instances' sockets, as <c>up</c> printed them.</summary>
    public IReadOnlyList<ServiceEndpoint> Instances => SocketPattern().Matches(Output).Select(m => ServiceEndpoint.Parse(m.Value)).DistinctBy(e => e.UnixSocketPath).ToList();

    /// <summary>Where <c>up</c>'s control channel is found from its port.</summary>
    public string ControlLink => ControlPaths.ForPort(Port);

    public int Id => _process.Id;

    public static UpProcess Start(params string[] extraArguments) => Start(ignoreInterrupt: false, extraArguments);

    /// <summary>
    /// Starts <c>up</c> the way a shell starts a background job: through bash with SIGINT ignored, which the
    /// process inherits.
    /// </summary>
    public static UpProcess StartIgnoringInterrupt(params string[] extraArguments) => Start(ignoreInterrupt: true, extraArguments);

    /// <summary>Starts <c>up</c> with HAProxy, its default balancer: a machine without one skips the calling test.</summary>
    private static UpProcess Start(bool ignoreInterrupt, string[] extraArguments)
    {
        RequiredTool.Path("haproxy");
        var (port, defaultPort, fallbackPort) = (FreePort(), FreePort(), FreePort());
        var info = new ProcessStartInfo(ignoreInterrupt ? "bash" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        if (ignoreInterrupt)
        {
            // exec keeps the PID: the signal the test sends reaches up itself.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("trap '' INT; exec \"$0\" \"$@\"");
            info.ArgumentList.Add("dotnet");
        }

        foreach (var argument in new[] { RepoPaths.BenchDll, "up", "--no-build", "--port", $"{port}", "--processor-ports", $"{defaultPort},{fallbackPort}" }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        return new UpProcess(Process.Start(info)!, port, defaultPort, fallbackPort);
    }

    /// <summary>Waits for the ready line; fails with everything <c>up</c> said if it exits or takes too long.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(StackLauncher.ReadyLine, StringComparison.Ordinal))
        {
            Assert.False(_process.HasExited, "up exited before it was ready:\n" + Output);
            Assert.True(DateTime.UtcNow < deadline, "up was not ready in time:\n" + Output);
            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGTERM (or <paramref name="signal"/>) as a service manager (or Ctrl-C) would, and waits for up to exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, string signal = "TERM")
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Waits for up to exit on its own.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await StopAsync(TimeSpan.FromSeconds(40));
            }
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    public static bool Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"http://unix:\S+?/api\d+\.sock")]
    private static partial Regex SocketPattern();
}
