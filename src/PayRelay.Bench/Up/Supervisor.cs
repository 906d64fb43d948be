using System.Globalization;

namespace PayRelay.Bench.Up;

/// <summary>
/// Keeps the stack's services running once it is up: each service whose process exits is started again and the
/// others stay as they are (the emulators keep their books when an instance dies). It also carries out what the
/// control channel asks: kill one service with a signal, restart one, say how each is doing.
/// </summary>
public sealed class Supervisor(TimeProvider time, ILogger logger)
{
    private const int EventsKept = 500;
    private readonly List<SupervisedService> _services = [];
    private readonly List<Task> _loops = [];
    private readonly Queue<ServiceEvent> _events = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _watching = new();

    public IReadOnlyList<SupervisedService> Services
    {
        get
        {
            lock (_gate)
            {
                return [.. _services];
            }
        }
    }

    /// <summary>The latest events, oldest first.</summary>
    public IReadOnlyList<ServiceEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Takes a started service in; <paramref name="start"/> starts it again.</summary>
    public SupervisedService Add(string name, int tier, TimeSpan stopGrace, string? url, IServiceProcess first, Func<IServiceProcess> start)
    {
        var service = new SupervisedService(name, tier, stopGrace, url, first, start, time, logger, Record);
        lock (_gate)
        {
            _services.Add(service);
        }

        return service;
    }

    /// <summary>Starts restarting services that exit, from now on.</summary>
    public void Watch()
    {
        lock (_gate)
        {
            foreach (var service in _services)
            {
                _loops.Add(service.SuperviseAsync(_watching.Token));
            }
        }
    }

    /// <summary>Stops everything, highest tier first, each tier's services together; nothing restarts from then on.</summary>
    public async Task StopAllAsync()
    {
        await _watching.CancelAsync();
        var services = Services;
        foreach (var tier in services.Select(s => s.Tier).Distinct().OrderDescending())
        {
            await Task.WhenAll(services.Where(s => s.Tier == tier).Select(s => s.StopAsync()));
        }

        Task[] loops;
        lock (_gate)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops);
        foreach (var service in services)
        {
            service.Current.Dispose();
        }
    }

    /// <summary>Carries out one request of the control channel.</summary>
    public ControlResponse Handle(ControlRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (ok, message) = request.Command?.Trim().ToLowerInvariant() switch
        {
            "status" => (true, null),
            "kill" => Kill(request),
            "restart" => Find(request.Service, out var service, out var error) ? service.Restart() : (false, error),
            var other => (false, $"unknown command '{other}': status, kill or restart"),
        };
        var statuses = Services.Select(s => s.Status()).ToList();
        return new ControlResponse(ok, ok ? null : message, ok ? message : null, statuses, Events);
    }

    private (bool Ok, string? Message) Kill(ControlRequest request)
    {
        if (!Find(request.Service, out var service, out var error))
        {
            return (false, error);
        }

        if (SignalNames.Parse(request.Signal ?? "TERM") is not { } signal)
        {
            return (false, $"signal '{request.Signal}': TERM or KILL");
        }

        TimeSpan? hold = null;
        if (request.RestartAfterSeconds is { } seconds)
        {
            if (!(seconds >= 0) || seconds > TimeSpan.FromDays(1).TotalSeconds)
            {
                return (false, $"restart-after {seconds.ToString(CultureInfo.InvariantCulture)}: zero or more seconds, at most a day");
            }

            hold = TimeSpan.FromSeconds(seconds);
        }

        return service.Kill(signal, hold);
    }

    private bool Find(string? name, out SupervisedService service, out string error)
    {
        var services = Services;
        service = services.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.Ordinal))!;
        error = service is null ? $"no service '{name}': the services are {string.Join(", ", services.Select(s => s.Name))}" : string.Empty;
        return service is not null;
    }

    private void Record(ServiceEvent serviceEvent)
    {
        lock (_gate)
        {
            _events.Enqueue(serviceEvent);
            while (_events.Count > EventsKept)
            {
                _events.Dequeue();
            }
        }
    }
}
