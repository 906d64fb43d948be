using System.Text.Json;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>
/// Reads each instance's <c>GET /status</c> once a second for the report's queue and dispatch charts and the
/// backend's CPU per request. These calls are the bench's own, not the official test's: they do not count in p99.
/// An endpoint that answers 404 (a backend without /status) is left alone after that.
/// </summary>
public sealed class StatusPoller : IDisposable
{
    private readonly (ServiceEndpoint Endpoint, HttpMessageInvoker Invoker)[] _targets;
    private readonly LoadClock _clock;
    private readonly List<StatusPoint> _points = [];
    private readonly Lock _gate = new();

    public StatusPoller(IReadOnlyList<ServiceEndpoint> endpoints, LoadClock clock)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        _clock = clock;
        _targets = new (ServiceEndpoint, HttpMessageInvoker)[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            _targets[i] = (endpoints[i], BenchHttp.CreateInvoker(endpoints[i], TimeSpan.FromSeconds(1)));
        }
    }

    public IReadOnlyList<StatusPoint> Points
    {
        get
        {
            lock (_gate)
            {
                return [.. _points];
            }
        }
    }

    /// <summary>The latest queue depth summed over instances, for the progress line.</summary>
    public long? LatestQueueDepth { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var active = new bool[_targets.Length];
        Array.Fill(active, true);
        var round = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                round++;
                long total = 0;
                var any = false;
                for (var i = 0; i < _targets.Length; i++)
                {
                    if (!active[i])
                    {
                        continue;
                    }

                    var (status, point) = await PollAsync(i, round, cancellationToken);
                    active[i] = status != 404;
                    if (point is not null)
                    {
                        total += point.QueueDepth;
                        any = true;
                    }
                }

                LatestQueueDepth = any ? total : null;
                await Task.Delay(TimeSpan.FromSeconds(1), _clock.Time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        foreach (var (_, invoker) in _targets)
        {
            invoker.Dispose();
        }
    }

    private async Task<(int Status, StatusPoint? Point)> PollAsync(int index, int round, CancellationToken cancellationToken)
    {
        var (endpoint, invoker) = _targets[index];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1), _clock.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var at = _clock.Elapsed;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Resolve("status"));
            using var response = await invoker.SendAsync(request, linked.Token);
            var code = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return (code, null);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            var status = await JsonSerializer.DeserializeAsync(stream, WireJsonContext.Default.StatusSnapshot, linked.Token);
            if (status is null)
            {
                return (code, null);
            }

            var point = new StatusPoint(at, status.InstanceId ?? endpoint.ToString(), status.QueueDepth ?? 0, status.InFlight ?? 0)
            {
                Round = round,
                CpuMilliseconds = status.CpuMilliseconds,
                Default = status.Processors?.Default,
                Fallback = status.Processors?.Fallback,
            };
            lock (_gate)
            {
                _points.Add(point);
            }

            return (code, point);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (0, null);
        }
    }
}
