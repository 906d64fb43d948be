using System.Net.Sockets;
using System.Text;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests.Up;

/// <summary>The control channel end to end on a unix socket: one JSON line each way, found through its link.</summary>
public sealed class ControlChannelTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("payrelay-ctl-");
    private readonly List<ControlRequest> _received = [];

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Send_ThroughTheLink_ReachesTheHandlerAndBringsItsAnswerBack()
    {
        await using var server = Start();
        var client = new ControlClient(server.Link!);

        var answer = await client.SendAsync(new ControlRequest("kill", "api1", "KILL", 10), CancellationToken.None);

        Assert.Equal(new ControlRequest("kill", "api1", "KILL", 10), Assert.Single(_received));
        Assert.True(answer.Ok);
        Assert.Equal("done: kill api1", answer.Message);
        var service = Assert.Single(answer.Services!);
        Assert.Equal(new ServiceStatus("api1", "held-down", null, 2, 137, 9.5, "http://unix:/s/api1.sock"), service);
        Assert.Equal("signalled", Assert.Single(answer.Events!).Kind);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Socket_IsTheOwnersOnly_AndStoppingRemovesItAndItsLink()
    {
        var server = Start();
        var path = server.Path;
        var link = server.Link!;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(path, new FileInfo(link).LinkTarget);
        await server.DisposeAsync();

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(link) || new FileInfo(link).LinkTarget is not null);
    }

    [Fact]
    public async Task Start_StaleLinkFromAnEarlierRun_IsReplaced()
    {
        var link = Path.Combine(_directory.FullName, "up.sock");
        File.CreateSymbolicLink(link, Path.Combine(_directory.FullName, "gone.sock"));

        await using var server = Start();

        Assert.Equal(server.Path, new FileInfo(link).LinkTarget);
        Assert.True((await new ControlClient(link).SendAsync(ControlRequest.Status, CancellationToken.None)).Ok);
    }

    [Theory]
    [InlineData("not json\n", "not a control request")]
    [InlineData("\n", "an empty request")]
    public async Task Request_Malformed_AnsweredWithAnError(string line, string error)
    {
        await using var server = Start();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(server.Path));
        await socket.SendAsync(Encoding.UTF8.GetBytes(line));
        using var reader = new StreamReader(new NetworkStream(socket, ownsSocket: false));

        var answer = await reader.ReadLineAsync();

        Assert.Contains("\"ok\":false", answer, StringComparison.Ordinal);
        Assert.Contains(error, answer, StringComparison.Ordinal);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task Send_NothingListens_SaysWhereItLookedAndHowToNameIt()
    {
        var client = new ControlClient(Path.Combine(_directory.FullName, "nobody.sock"));

        var error = await Assert.ThrowsAsync<ControlUnavailableException>(() => client.SendAsync(ControlRequest.Status, CancellationToken.None));

        Assert.Contains("nobody.sock", error.Message, StringComparison.Ordinal);
        Assert.Contains("--control PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForPort_DependsOnlyOnThePort()
    {
        Assert.Equal(Path.Combine(Path.GetTempPath(), "payrelay-up-port-9999.sock"), ControlPaths.ForPort(9999));
        Assert.NotEqual(ControlPaths.ForPort(9999), ControlPaths.ForPort(24000));
    }

    private ControlServer Start() => ControlServer.Start(
        Path.Combine(_directory.FullName, "control.sock"),
        Path.Combine(_directory.FullName, "up.sock"),
        request =>
        {
            lock (_received)
            {
                _received.Add(request);
            }

            return new ControlResponse(
                true,
                null,
                $"done: {request.Command} {request.Service}",
                [new ServiceStatus("api1", "held-down", null, 2, 137, 9.5, "http://unix:/s/api1.sock")],
                [new ServiceEvent(DateTimeOffset.UnixEpoch, "api1", "signalled", 42, null, "sent SIGKILL")]);
        });
}
