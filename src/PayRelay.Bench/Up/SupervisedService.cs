using System.ComponentModel;
using System.Globalization;

namespace PayRelay.Bench.Up;

/// <summary>
/// One service under <c>up</c>'s supervisor. When its process exits it is started again, as compose's
/// <c>restart: unless-stopped</c> does, and the rest of the stack stays up: a crash waits as
/// <see cref="RestartBackoff"/> says, a kill asked for on the control channel restarts at once or once its
/// hold-down has passed, a restart asked for stops it with SIGTERM and starts it again as soon as it exits.
/// </summary>
public sealed partial class SupervisedService
{
    public const string Running = "running";
    public const string Restarting = "restarting";
    public const string HeldDown = "held-down";
    public const string Stopped = "stopped";

    private readonly Func<IServiceProcess> _start;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ServiceEvent> _record;
    private readonly Lock _gate = new();
    private IServiceProcess _current;
    private long _startedAt;
    private int _crashesInARow;
    private Plan? _plan;
    private CancellationTokenSource? _wake;
    private DateTimeOffset? _restartAt;
    private string _state = Running;
    private int? _lastExitCode;
    private int _restarts;
    private bool _stopping;

    public SupervisedService(string name, int tier, TimeSpan stopGrace, string? url, IServiceProcess first, Func<IServiceProcess> start, TimeProvider time, ILogger logger, Action<ServiceEvent> record)
    {
        ArgumentNullException.ThrowIfNull(first);
        Name = name;
        Tier = tier;
        StopGrace = stopGrace;
        Url = url;
        _current = first;
        _start = start;
        _time = time;
        _logger = logger;
        _record = record;
        _startedAt = time.GetTimestamp();
    }

    public string Name { get; }

    /// <summary>Stop order: the highest tier stops first (the balancer, then the instances, then the processors).</summary>
    public int Tier { get; }

    /// <summary>How long the service may take to stop after SIGTERM before it gets SIGKILL.</summary>
    public TimeSpan StopGrace { get; }

    /// <summary>Where the service answers, for <c>bench</c>; null when it is not an HTTP service.</summary>
    public string? Url { get; }

    /// <summary>The process of the latest start.</summary>
    public IServiceProcess Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public ServiceStatus Status()
    {
        lock (_gate)
        {
            var down = _state != Running;
            var restartIn = down && _restartAt is { } at ? Math.Max(0, (at - _time.GetUtcNow()).TotalSeconds) : (double?)null;
            return new ServiceStatus(Name, _state, down || _current.HasExited ? null : _current.Id, _restarts, _lastExitCode, restartIn, Url);
        }
    }

    /// <summary>Restarts the service each time it exits, until <paramref name="stopping"/> or <see cref="StopAsync"/>.</summary>
    internal async Task SuperviseAsync(CancellationToken stopping)
    {
        while (true)
        {
            var process = Current;
            try
            {
                await process.Exited.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            TimeSpan wait;
            string cause;
            CancellationTokenSource wake;
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                (wait, cause) = AfterExit(process);
                _wake = wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            }

            Exited(process, cause, wait);
            try
            {
                if (!await PauseAsync(wait, wake.Token, stopping) || !await StartAgainAsync(wake.Token, stopping))
                {
                    return;
                }
            }
            finally
            {
                lock (_gate)
                {
                    _wake = null;
                }

                wake.Dispose();
            }
        }
    }

    /// <summary>Stops the service for good (the stack is stopping): SIGTERM, SIGKILL after the grace.</summary>
    internal async Task StopAsync()
    {
        IServiceProcess process;
        lock (_gate)
        {
            _stopping = true;
            _wake?.Cancel();
            process = _current;
            _state = Stopped;
            _restartAt = null;
        }

        if (!process.HasExited)
        {
            UpLog.Stopping(_logger, Name, process.Id);
        }

        await process.StopAsync(StopGrace, _time);
        UpLog.Stopped(_logger, Name, process.ExitCode);
    }

    /// <summary>What the exit means and how long to wait before the next start; called under the lock.</summary>
    private (TimeSpan Wait, string Cause) AfterExit(IServiceProcess process)
    {
        var now = _time.GetUtcNow();
        _lastExitCode = process.ExitCode;
        var plan = _plan;
        _plan = null;
        if (plan is { RestartAt: { } at })
        {
            _state = HeldDown;
            _restartAt = at > now ? at : now;
            return (_restartAt.Value - now, plan.Cause);
        }

        if (plan is not null)
        {
            _state = Restarting;
            _restartAt = now;
            return (TimeSpan.Zero, plan.Cause);
        }

        if (_time.GetElapsedTime(_startedAt) >= RestartBackoff.StableAfter)
        {
            _crashesInARow = 0;
        }

        var wait = RestartBackoff.Delay(_crashesInARow++);
        _state = Restarting;
        _restartAt = now + wait;
        return (wait, "unexpectedly");
    }

    /// <summary>Waits <paramref name="wait"/>, or less when woken; false when the stack is stopping.</summary>
    private async Task<bool> PauseAsync(TimeSpan wait, CancellationToken wake, CancellationToken stopping)
    {
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, _time, wake);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                // Woken by a restart request: start now.
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !stopping.IsCancellationRequested;
    }

    /// <summary>Starts a new process, backing off while starting fails; false when the stack is stopping.</summary>
    private async Task<bool> StartAgainAsync(CancellationToken wake, CancellationToken stopping)
    {
        while (true)
        {
            IServiceProcess? started = null;
            IServiceProcess? previous = null;
            Exception? failure = null;
            var wait = TimeSpan.Zero;
            lock (_gate)
            {
                if (_stopping)
                {
                    return false;
                }

                try
                {
                    started = _start();
                    previous = _current;
                    _current = started;
                    _restarts++;
                    _startedAt = _time.GetTimestamp();
                    _state = Running;
                    _restartAt = null;
                }
                catch (Exception e) when (e is InvalidOperationException or Win32Exception or IOException or UnauthorizedAccessException)
                {
                    failure = e;
                    wait = RestartBackoff.Delay(_crashesInARow++);
                    _state = Restarting;
                    _restartAt = _time.GetUtcNow() + wait;
                }
            }

            if (started is not null)
            {
                previous?.Dispose();
                UpLog.Restarted(_logger, Name, started.Id, _restarts);
                _record(new ServiceEvent(_time.GetUtcNow(), Name, "restarted", started.Id, null, $"{Name} started again (pid {started.Id})"));
                return true;
            }

            UpLog.StartFailed(_logger, Name, failure!.Message, Seconds(wait));
            if (!await PauseAsync(wait, wake, stopping))
            {
                return false;
            }
        }
    }

    private void Exited(IServiceProcess process, string cause, TimeSpan wait)
    {
        var exitCode = process.ExitCode;
        var after = wait > TimeSpan.Zero ? $"in {Seconds(wait)} s" : "now";
        if (cause == "unexpectedly")
        {
            UpLog.ExitedUnexpectedly(_logger, Name, process.Id, exitCode, after, process.LogTail(20));
        }
        else
        {
            UpLog.ExitedOnRequest(_logger, Name, process.Id, exitCode, cause, after);
        }

        _record(new ServiceEvent(_time.GetUtcNow(), Name, "exited", process.Id, exitCode, $"{Name} exited {cause} with code {exitCode}; restarting {after}"));
    }

    private static string Seconds(TimeSpan wait) => wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>What the next exit means: asked for, and when to start again (null: at once).</summary>
    private sealed record Plan(string Cause, DateTimeOffset? RestartAt);
}
