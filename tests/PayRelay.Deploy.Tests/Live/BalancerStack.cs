using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PayRelay.Testing;

namespace PayRelay.Deploy.Tests.Live;

/// <summary>
/// The deployment's topology run natively: a real load balancer with the repository's
/// configuration on a loopback port, in front of two <see cref="FakeInstance"/>s on unix sockets.
/// </summary>
public abstract class BalancerStack : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _balancer;

    public string Directory { get; } = CreateSocketDirectory();

    public FakeInstance Api1 { get; private set; } = null!;

    public FakeInstance Api2 { get; private set; } = null!;

    public int Port { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public string BalancerOutput
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public FakeInstance Instance(string name) => name == Api1.Name ? Api1 : name == Api2.Name ? Api2 : throw new ArgumentException(name);

    public async Task InitializeAsync()
    {
        // The balancer first: a missing one skips every test of the stack before anything starts.
        Port = FreePort();
        var (file, args, environment) = Balancer(Directory, Port);
        Api1 = new FakeInstance("api1", Path.Combine(Directory, "api1.sock"));
        Api2 = new FakeInstance("api2", Path.Combine(Directory, "api2.sock"));
        await Api1.StartAsync();
        await Api2.StartAsync();
        _balancer = Tools.Start(file, args, environment, _output);
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(10) };
        // Ready once payments reach both instances: a balancer can answer before it has put
        // every server in rotation.
        var reached = new HashSet<string?>();
        await Eventually.HoldsAsync(async () =>
        {
            Assert.False(_balancer.HasExited, $"the balancer exited:\n{BalancerOutput}");
            try
            {
                reached.Add(await InstanceForAsync(Guid.NewGuid()));
                return reached.Contains(Api1.Name) && reached.Contains(Api2.Name);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"payments reach both instances through port {Port}:\n{BalancerOutput}");
    }

    public async Task DisposeAsync()
    {
        if (_balancer is { HasExited: false })
        {
            _balancer.Kill(entireProcessTree: true);
            await _balancer.WaitForExitAsync();
        }

        _balancer?.Dispose();
        Client?.Dispose();
        if (Api1 is not null)
        {
            await Api1.DisposeAsync();
        }

        if (Api2 is not null)
        {
            await Api2.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>POSTs a payment body and answers the status and the instance that took it.</summary>
    public async Task<(HttpStatusCode Status, string? Instance)> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri("/payments", UriKind.Relative), content);
        return (response.StatusCode, response.Headers.TryGetValues("X-Instance", out var values) ? values.Single() : null);
    }

    public async Task<string?> InstanceForAsync(Guid correlationId) => (await PostAsync(Payment(correlationId))).Instance;

    public static string Payment(Guid correlationId, string amount = "19.90") => $"{{\"correlationId\":\"{correlationId}\",\"amount\":{amount}}}";

    /// <summary>The balancer to start: executable, arguments, environment.</summary>
    protected abstract (string File, IEnumerable<string> Args, IDictionary<string, string> Environment) Balancer(string socketDirectory, int port);

    private static string CreateSocketDirectory()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("payrelay-deploy-").FullName;
        // nginx's workers run as nobody when started by root: they must be able to enter it.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        return directory;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
