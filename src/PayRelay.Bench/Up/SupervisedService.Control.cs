using System.Globalization;

namespace PayRelay.Bench.Up;

public sealed partial class SupervisedService
{
    /// <summary>
    /// Sends <paramref name="signal"/> on purpose. The service starts again <paramref name="restartAfter"/> after the
    /// signal (or as soon as it exits, if that is later), or at once when no hold-down is given.
    /// </summary>
    internal (bool Ok, string Message) Kill(int signal, TimeSpan? restartAfter)
    {
        var name = SignalNames.Of(signal);
        var then = restartAfter is { } after
            ? $"it starts again {after.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s after the signal, or when it exits if later"
            : "it starts again as soon as it exits";
        int pid;
        string message;
        lock (_gate)
        {
            if (_stopping)
            {
                return (false, "up is stopping");
            }

            if (_state != Running || _current.HasExited)
            {
                return (false, $"{Name} is not running ({_state}); `ctl restart {Name}` starts it now");
            }

            var now = _time.GetUtcNow();
            _plan = new Plan($"after {name} on request", restartAfter is { } hold ? now + hold : null);
            pid = _current.Id;
            message = $"sent {name} to {Name} (pid {pid}); {then}";

            // Recorded before the signal leaves, so the exit it causes is never listed first.
            _record(new ServiceEvent(now, Name, "signalled", pid, null, message));
            if (!_current.Signal(signal))
            {
                _plan = null;
                return (false, $"{Name} (pid {pid}) could not be signalled: it has just exited");
            }
        }

        UpLog.Signalled(_logger, Name, pid, name, then);
        return (true, message);
    }

    /// <summary>A service that is down starts now; a running one is stopped (SIGTERM, then SIGKILL after its grace) and starts again.</summary>
    internal (bool Ok, string Message) Restart()
    {
        IServiceProcess running;
        string message;
        lock (_gate)
        {
            if (_stopping)
            {
                return (false, "up is stopping");
            }

            if (_state != Running)
            {
                _wake?.Cancel();
                return (true, $"starting {Name} now");
            }

            _plan = new Plan("on a restart request", null);
            running = _current;
            message = $"stopping {Name} (pid {running.Id}) with SIGTERM; it starts again as soon as it exits";
            _record(new ServiceEvent(_time.GetUtcNow(), Name, "signalled", running.Id, null, message));
        }

        _ = StopObservedAsync(running);
        return (true, message);
    }

    private async Task StopObservedAsync(IServiceProcess process)
    {
        try
        {
            await process.StopAsync(StopGrace, _time);
        }
        catch (InvalidOperationException)
        {
            // It exited between the signal and the kill: the supervisor sees the exit all the same.
        }
    }
}
