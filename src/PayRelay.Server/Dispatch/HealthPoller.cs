using PayRelay.Server.Configuration;
using PayRelay.Server.Net;
using PayRelay.Server.Peers;

namespace PayRelay.Server.Dispatch;

/// <summary>
/// One poller per processor for the whole deployment. The primary instance polls both processors once per
/// interval and pushes each result to its peer; the standby only listens, and polls itself only while it has
/// heard nothing from the primary for two intervals (then hands back as soon as the primary is heard again).
/// On start the primary asks the peer when it last polled, so a restart never squeezes two calls into one
/// window of the processor's limiter.
/// </summary>
public sealed partial class HealthPoller(
    ServerOptions options,
    HealthBoard board,
    PeerClient? peer,
    TimeProvider time,
    ILogger<HealthPoller> logger) : BackgroundService
{
    private readonly Http1Client[] _clients =
    [
        new(options.DefaultProcessorUrl.ToString(), options.HealthPollTimeout, time),
        new(options.FallbackProcessorUrl.ToString(), options.HealthPollTimeout, time),
    ];

    private bool _polling;

    /// <summary>Whether this instance is the one polling right now.</summary>
    public bool Polling => Volatile.Read(ref _polling);

    private bool IsPrimary => board.IsLocalPrimary;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        if (IsPrimary)
        {
            await WaitForPeersLastPollAsync(stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var shouldPoll = IsPrimary || PrimarySilent(started);
            if (shouldPoll != _polling)
            {
                Volatile.Write(ref _polling, shouldPoll);
                Log.HealthPollRole(logger, shouldPoll ? "polling" : "listening", IsPrimary ? "primary" : shouldPoll ? "primary silent, standby takes over" : "primary is polling");
            }

            if (shouldPoll)
            {
                await PollOnceAsync(stoppingToken);
                await Task.Delay(options.HealthPollInterval, time, stoppingToken);
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private bool PrimarySilent(long started)
    {
        var heard = board.PrimaryHeardAt;
        return time.GetElapsedTime(heard == 0 ? started : heard) > options.HealthPollSilence;
    }

    public override void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        base.Dispose();
    }
}
