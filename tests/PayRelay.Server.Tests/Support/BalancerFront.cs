using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// The repository's balancer configuration (deploy/haproxy.cfg or deploy/nginx.conf), run by the real HAProxy or nginx
/// on a loopback port in front of a <see cref="TestCluster"/>'s two sockets, as the deployment runs it. Skips the
/// calling test where the balancer cannot be had.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class BalancerFront : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _prefix;
    private readonly StringBuilder _output = new();

    private BalancerFront(string name, ProcessStartInfo info, int port, string? prefix)
    {
        Name = name;
        _prefix = prefix;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string Name { get; }

    public HttpClient Client { get; }

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

    /// <summary>Starts <paramref name="balancer"/> (<c>haproxy</c> or <c>nginx</c>) in front of the cluster and waits until it forwards.</summary>
    public static async Task<BalancerFront> StartAsync(string balancer, TestCluster cluster)
    {
        var executable = RequiredTool.Path(balancer);
        var socketDirectory = Path.GetDirectoryName(cluster.SocketPath(0))!;
        // nginx's workers run as nobody when started by root: they must be able to reach the sockets.
        File.SetUnixFileMode(socketDirectory, (UnixFileMode)0b111_101_101);
        var port = FreePort();
        var front = balancer == "haproxy" ? Haproxy(executable, socketDirectory, port) : Nginx(executable, socketDirectory, port);
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    Assert.False(front._process.HasExited, $"{balancer} exited:\n{front.Output}");
                    try
                    {
                        using var response = await front.Client.GetAsync("payments-summary");
                        return response.StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"{balancer} forwards to the cluster on port {port}");
            return front;
        }
        catch
        {
            await front.DisposeAsync();
            throw;
        }
    }

    /// <summary>POSTs a payment body through the balancer.</summary>
    public Task<HttpResponseMessage> PostAsync(string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return Client.PostAsync("payments", content);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Client.Dispose();
        if (_prefix is not null)
        {
            Directory.Delete(_prefix, recursive: true);
        }
    }

    private static BalancerFront Haproxy(string executable, string socketDirectory, int port)
    {
        var info = new ProcessStartInfo(executable) { ArgumentList = { "-db", "-f", RepositoryFile("deploy", "haproxy.cfg") } };
        info.Environment["SOCKET_DIR"] = socketDirectory;
        info.Environment["LB_BIND"] = $"127.0.0.1:{port}";
        return new BalancerFront("haproxy", info, port, null);
    }

    /// <summary>nginx expands no environment variables: its literal socket paths and port are rewritten, as a native run does.</summary>
    private static BalancerFront Nginx(string executable, string socketDirectory, int port)
    {
        var prefix = Directory.CreateTempSubdirectory("payrelay-nginx-").FullName;
        File.SetUnixFileMode(prefix, (UnixFileMode)0b111_101_101);
        var config = File.ReadAllText(RepositoryFile("deploy", "nginx.conf"))
            .Replace("unix:/sockets/", $"unix:{socketDirectory}/", StringComparison.Ordinal)
            .Replace("listen 9999", $"listen 127.0.0.1:{port}", StringComparison.Ordinal);
        var path = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(path, config);
        var info = new ProcessStartInfo(executable) { ArgumentList = { "-p", prefix, "-c", path, "-g", $"daemon off; pid {prefix}/nginx.pid;" } };
        return new BalancerFront("nginx", info, port, prefix);
    }

    private static string RepositoryFile(params string[] parts)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "PayRelay.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("no PayRelay.slnx above the test assembly");
        }

        return Path.Combine([root.FullName, .. parts]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
}
