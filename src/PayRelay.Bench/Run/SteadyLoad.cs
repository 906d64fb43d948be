using System.Diagnostics;
using System.Net.Http.Headers;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>Latency percentiles of one steady run, in milliseconds.</summary>
public sealed record SteadyResult(int Sent, int Accepted, IReadOnlyDictionary<int, int> Statuses, double P50, double P99, double P999, double Max, TimeSpan Elapsed);

/// <summary>
/// An open-loop, constant-rate stream of <c>POST /payments</c>: requests leave on schedule whether or not earlier
/// ones have answered, so a slow backend shows up as latency instead of slowing the load down (unlike the
/// official test's users, which wait for each answer). Bounded in count and time.
/// </summary>
public sealed class SteadyLoad(ServiceEndpoint backend, decimal amount, bool withRequestedAt = false)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly PaymentBody _body = new(amount);

    public async Task<SteadyResult> RunAsync(int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var invoker = BenchHttp.CreateInvoker(backend, TimeSpan.FromSeconds(2));
        var paymentsUri = new Uri(backend.BaseAddress, "payments");
        var total = (int)(perSecond * duration.TotalSeconds);
        var calls = new Task<(int Status, long Ticks)>[total];
        var origin = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total && !cancellationToken.IsCancellationRequested)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(origin).TotalSeconds * perSecond) + 1);
            for (; next < due; next++)
            {
                calls[next] = SendAsync(invoker, paymentsUri);
            }

            await Task.Delay(1, CancellationToken.None);
        }

        var done = await Task.WhenAll(calls.AsSpan(0, next).ToArray());
        return Summarize(done, Stopwatch.GetElapsedTime(origin));
    }

    private async Task<(int Status, long Ticks)> SendAsync(HttpMessageInvoker invoker, Uri uri)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(Body()) };
            request.Content.Headers.ContentType = Json;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
            using var response = await invoker.SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, Stopwatch.GetTimestamp() - start);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return (0, Stopwatch.GetTimestamp() - start);
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

    private static SteadyResult Summarize((int Status, long Ticks)[] done, TimeSpan elapsed)
    {
        var latencies = Array.ConvertAll(done, d => d.Ticks * 1000.0 / Stopwatch.Frequency);
        Array.Sort(latencies);
        var statuses = done.GroupBy(d => d.Status).ToDictionary(g => g.Key, g => g.Count());
        var accepted = done.Count(d => d.Status is >= 200 and < 300);
        return new SteadyResult(done.Length, accepted, statuses, Rank(latencies, 0.50), Rank(latencies, 0.99), Rank(latencies, 0.999),
            latencies.Length == 0 ? 0 : latencies[^1], elapsed);
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least that share of samples at or below it.</summary>
    public static double Rank(double[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
