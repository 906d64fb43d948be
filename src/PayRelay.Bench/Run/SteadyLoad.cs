using System.Diagnostics;
using System.Net.Http.Headers;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>
/// An open-loop, constant-rate stream of <c>POST /payments</c>: requests leave on schedule whether or not earlier
/// ones have answered, so a slow backend shows up as latency instead of slowing the load down (unlike the
/// official test's users, which wait for each answer). Bounded in count and time. Each request's outcome goes
/// into arrays sized before the run, and nothing of a finished request stays on the heap: a load generator that
/// accumulated objects would grow its old generation until a blocking full collection froze it, which the
/// requests in flight would report as the backend's latency. The connections outlive a run, so a warm-up run
/// leaves the measured one warm connections rather than a burst of new ones.
/// </summary>
public sealed class SteadyLoad(ServiceEndpoint backend, decimal amount, bool withRequestedAt = false) : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly PaymentBody _body = new(amount);
    private readonly HttpMessageInvoker _invoker = BenchHttp.CreateInvoker(backend, TimeSpan.FromSeconds(2));
    private readonly Uri _paymentsUri = new(backend.BaseAddress, "payments");

    public async Task<SteadyResult> RunAsync(int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var run = new Outcomes(total);
        var gcsBefore = GcCounts.Now;
        var cpu = new CpuMeter(TimeProvider.System);
        cpu.Start();
        var origin = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(origin).TotalSeconds * perSecond) + 1);
            for (; next < due; next++)
            {
                run.Started();
                _ = SendAsync(run, next, origin);
            }

            await Task.Delay(1, CancellationToken.None);
        }

        await run.AllEnded();
        var elapsed = Stopwatch.GetElapsedTime(origin);
        return Summarize(run.Samples(next), elapsed, GcCounts.Now - gcsBefore, cpu.Stop(next));
    }

    public void Dispose() => _invoker.Dispose();

    private async Task SendAsync(Outcomes run, int index, long origin)
    {
        var start = Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _paymentsUri) { Content = new ByteArrayContent(Body()) };
            request.Content.Headers.ContentType = Json;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
            using var response = await _invoker.SendAsync(request, timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // No answer within the timeout, or none at all: status 0.
        }
        finally
        {
            run.Ended(index, start - origin, Stopwatch.GetTimestamp() - start, status);
        }
    }

    /// <summary>The client's body, or with <c>withRequestedAt</c> the body a backend sends a processor.</summary>
    private byte[] Body()
    {
        var body = _body.Create(Guid.NewGuid());
        if (!withRequestedAt)
        {
            return body;
        }

        var stamp = System.Text.Encoding.UTF8.GetBytes(
            ",\"requestedAt\":\"" + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "\"}");
        var withStamp = new byte[body.Length - 1 + stamp.Length];
        body.AsSpan(0, body.Length - 1).CopyTo(withStamp);
        stamp.CopyTo(withStamp.AsSpan(body.Length - 1));
        return withStamp;
    }

    private static SteadyResult Summarize(SteadySample[] samples, TimeSpan elapsed, GcCounts gcs, CpuUse cpu)
    {
        var latencies = Array.ConvertAll(samples, s => s.LatencyMs);
        Array.Sort(latencies);
        var statuses = samples.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        var accepted = samples.Count(s => s.Status is >= 200 and < 300);
        return new SteadyResult(samples.Length, accepted, statuses, Rank(latencies, 0.50), Rank(latencies, 0.99), Rank(latencies, 0.999),
            latencies.Length == 0 ? 0 : latencies[^1], elapsed, samples, gcs, cpu);
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least that share of samples at or below it.</summary>
    public static double Rank(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Every request's outcome in arrays sized up front, and a count of those still in flight.</summary>
    private sealed class Outcomes(int capacity)
    {
        private readonly long[] _startTicks = new long[capacity];
        private readonly long[] _latencyTicks = new long[capacity];
        private readonly int[] _statuses = new int[capacity];
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight = 1; // the sender's own hold, released by AllEnded

        public void Started() => Interlocked.Increment(ref _inFlight);

        public void Ended(int index, long startTicks, long latencyTicks, int status)
        {
            _startTicks[index] = startTicks;
            _latencyTicks[index] = latencyTicks;
            _statuses[index] = status;
            Release();
        }

        /// <summary>Completes once every request started has ended; call it when no more will start.</summary>
        public Task AllEnded()
        {
            Release();
            return _drained.Task;
        }

        public SteadySample[] Samples(int sent)
        {
            var samples = new SteadySample[sent];
            for (var i = 0; i < sent; i++)
            {
                samples[i] = new SteadySample(Milliseconds(_startTicks[i]), Milliseconds(_latencyTicks[i]), _statuses[i]);
            }

            return samples;
        }

        private void Release()
        {
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                _drained.TrySetResult();
            }
        }

        private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    }
}
