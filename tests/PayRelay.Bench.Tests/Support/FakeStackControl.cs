using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests.Support;

/// <summary>A control channel that notes each request with the time on the clock it is given, and answers as told.</summary>
public sealed class FakeStackControl(TimeProvider time) : IStackControl
{
    private readonly List<(DateTimeOffset At, ControlRequest Request)> _requests = [];

    public string Address => "fake";

    /// <summary>The services a status lists.</summary>
    public IReadOnlyList<ServiceStatus> Services { get; init; } =
    [
        new("processor-default", "running", 10, 0, null, null, "http://127.0.0.1:8001"),
        new("api1", "running", 11, 0, null, null, "http://unix:/tmp/s/api1.sock"),
        new("api2", "running", 12, 0, null, null, "http://unix:/tmp/s/api2.sock"),
    ];

    public IReadOnlyList<ServiceEvent> Events { get; set; } = [];

    /// <summary>The answer to a kill; null: done.</summary>
    public string? RefuseKillsWith { get; set; }

    public bool Unreachable { get; set; }

    /// <summary>Runs when a kill comes, before it is answered (a test interrupts the run there).</summary>
    public Action? OnKill { get; init; }

    public IReadOnlyList<(DateTimeOffset At, ControlRequest Request)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Task<ControlResponse> SendAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            throw new ControlUnavailableException("no `up` control channel answers at fake");
        }

        lock (_requests)
        {
            _requests.Add((time.GetUtcNow(), request));
        }

        if (request.Command == "kill")
        {
            OnKill?.Invoke();
        }

        var refused = request.Command == "kill" ? RefuseKillsWith : null;
        return Task.FromResult(new ControlResponse(refused is null, refused, refused is null ? $"sent {request.Signal} to {request.Service}" : null, Services, Events));
    }
}
