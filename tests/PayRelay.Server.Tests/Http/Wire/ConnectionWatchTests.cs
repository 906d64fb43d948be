using PayRelay.Server.Http.Wire;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Http.Wire;

public sealed class ConnectionWatchTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task OnHeartbeat_IdlePastKeepAliveTimeout_StopsTheWaitingRead()
    {
        var time = new ManualTimeProvider();
        using var sockets = await SocketPair.OpenAsync();
        using var connection = new WireConnection(sockets.Server, new WireBufferPool(maxRetainedBytes: 0));
        var watch = new ConnectionWatch(connection, time);
        watch.BeginWait();
        var read = connection.ReadAsync();

        time.Advance(ConnectionWatch.KeepAliveTimeout - Second);
        watch.OnHeartbeat();
        Assert.False(read.IsCompleted);
        Assert.Equal(TimedOut.No, watch.Outcome);

        time.Advance(2 * Second);
        watch.OnHeartbeat();
        Assert.True((await read).IsCanceled);
        Assert.Equal(TimedOut.Idle, watch.Outcome);
    }

    [Fact]
    public async Task OnHeartbeat_PartRequestPastRequestTimeout_StopsTheWaitingReadAsARequestTimeout()
    {
        var time = new ManualTimeProvider();
        using var sockets = await SocketPair.OpenAsync();
        using var connection = new WireConnection(sockets.Server, new WireBufferPool(maxRetainedBytes: 0));
        var watch = new ConnectionWatch(connection, time);
        time.Advance(TimeSpan.FromMinutes(10));
        watch.BeginWait();
        watch.EndWait(hasBytes: true);
        // Bytes keep trickling in: each read returns, but the request's clock started with its first byte.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(9 * Second);
            watch.BeginWait();
            watch.OnHeartbeat();
            watch.EndWait(hasBytes: true);
        }

        Assert.Equal(TimedOut.No, watch.Outcome);
        watch.BeginWait();
        var read = connection.ReadAsync();
        time.Advance(4 * Second);
        watch.OnHeartbeat();
        Assert.True((await read).IsCanceled);
        Assert.Equal(TimedOut.Request, watch.Outcome);
    }

    [Fact]
    public async Task OnHeartbeat_WhileARequestIsHandled_NeverTimesOut()
    {
        var time = new ManualTimeProvider();
        using var sockets = await SocketPair.OpenAsync();
        using var connection = new WireConnection(sockets.Server, new WireBufferPool(maxRetainedBytes: 0));
        var watch = new ConnectionWatch(connection, time);
        watch.BeginWait();
        watch.EndWait(hasBytes: true);

        time.Advance(ConnectionWatch.KeepAliveTimeout * 2);
        watch.OnHeartbeat();

        Assert.Equal(TimedOut.No, watch.Outcome);
    }

    [Fact]
    public async Task OnHeartbeat_RequestReadThenIdle_KeepAliveClockStartsAtTheEndOfTheRequest()
    {
        var time = new ManualTimeProvider();
        using var sockets = await SocketPair.OpenAsync();
        using var connection = new WireConnection(sockets.Server, new WireBufferPool(maxRetainedBytes: 0));
        var watch = new ConnectionWatch(connection, time);
        watch.BeginWait();
        watch.EndWait(hasBytes: true);
        time.Advance(ConnectionWatch.KeepAliveTimeout);
        watch.RequestRead();

        watch.BeginWait();
        time.Advance(ConnectionWatch.KeepAliveTimeout - Second);
        watch.OnHeartbeat();

        Assert.Equal(TimedOut.No, watch.Outcome);
    }
}
