using System.Text.Json;
using PayRelay.Bench.Http;

namespace PayRelay.Bench.Run;

/// <summary>
/// After a fault run: waits for the backend's backlog (<see cref="SettleAsync"/>), then looks every payment up on
/// both processors with <c>GET /payments/{id}</c> and compares the backend's summary with the processors' admin
/// summaries, unfiltered and over the run's window. Its requests are the bench's own: not in the request log.
/// </summary>
public sealed partial class ChargeChecker : IDisposable
{
    private const string PartialHeader = "X-PayRelay-Partial";
    private const string TokenHeader = "X-Rinha-Token";
    private const int Parallelism = 16;
    private const int Attempts = 3;
    private const int ExamplesKept = 5;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private readonly HttpMessageInvoker _backend;
    private readonly HttpMessageInvoker _default;
    private readonly HttpMessageInvoker _fallback;
    private readonly (ServiceEndpoint Endpoint, HttpMessageInvoker Invoker)[] _status;
    private readonly ServiceEndpoint _backendEndpoint;
    private readonly ServiceEndpoint _defaultEndpoint;
    private readonly ServiceEndpoint _fallbackEndpoint;
    private readonly string _token;
    private readonly TimeProvider _time;

    public ChargeChecker(ServiceEndpoint backend, ServiceEndpoint defaultProcessor, ServiceEndpoint fallbackProcessor, string token, IReadOnlyList<ServiceEndpoint> statusEndpoints, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(statusEndpoints);
        _backendEndpoint = backend;
        _defaultEndpoint = defaultProcessor;
        _fallbackEndpoint = fallbackProcessor;
        _backend = BenchHttp.CreateInvoker(backend, RequestTimeout);
        _default = BenchHttp.CreateInvoker(defaultProcessor, RequestTimeout);
        _fallback = BenchHttp.CreateInvoker(fallbackProcessor, RequestTimeout);
        _status = [.. statusEndpoints.Select(e => (e, BenchHttp.CreateInvoker(e, RequestTimeout)))];
        _token = token;
        _time = time;
    }

    /// <summary>How often the settling wait looks at the processors and the backend's queues.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long nothing new may be charged, with the backend's queues empty, before the wait ends.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Settles, looks every payment up and compares the summaries.</summary>
    public async Task<ChargeCheck> CheckAsync(PaymentIds ids, DateTimeOffset runStart, TimeSpan settleDeadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var accepted = ids.Accepted;
        var (settled, how) = await SettleAsync(accepted.Count, settleDeadline, cancellationToken);
        var acceptedTally = await TallyAsync(accepted, cancellationToken);
        var unanswered = await TallyAsync(ids.Unanswered, cancellationToken);
        var refused = await TallyAsync(ids.Refused, cancellationToken);
        var allTime = await CompareAsync(null, null, cancellationToken);
        var window = await CompareAsync(runStart, _time.GetUtcNow(), cancellationToken);
        return new ChargeCheck
        {
            Settled = settled,
            SettledHow = how,
            Accepted = acceptedTally,
            Unanswered = unanswered,
            Refused = refused,
            AllTime = allTime,
            RunWindow = window,
        };
    }

    /// <summary>Looks each payment up on both processors and counts how it was charged.</summary>
    public async Task<ChargeTally> TallyAsync(IReadOnlyList<Guid> payments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        if (payments.Count == 0)
        {
            return ChargeTally.Empty;
        }

        var found = new (Charge Default, Charge Fallback)[payments.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, payments.Count), options, async (i, token) =>
        {
            found[i] = (await LookUpAsync(_default, _defaultEndpoint, payments[i], token), await LookUpAsync(_fallback, _fallbackEndpoint, payments[i], token));
        });

        long none = 0, once = 0, twice = 0, unknown = 0, onDefault = 0, onFallback = 0;
        List<Guid> firstNone = [], firstTwice = [], firstUnknown = [];
        for (var i = 0; i < found.Length; i++)
        {
            var (d, f) = found[i];
            onDefault += d == Charge.Charged ? 1 : 0;
            onFallback += f == Charge.Charged ? 1 : 0;
            if (d == Charge.Charged && f == Charge.Charged)
            {
                twice++;
                Keep(firstTwice, payments[i]);
            }
            else if (d == Charge.Charged || f == Charge.Charged)
            {
                once++;
            }
            else if (d == Charge.Unknown || f == Charge.Unknown)
            {
                unknown++;
                Keep(firstUnknown, payments[i]);
            }
            else
            {
                none++;
                Keep(firstNone, payments[i]);
            }
        }

        return new ChargeTally(payments.Count, none, once, twice, unknown, onDefault, onFallback, firstNone, firstTwice, firstUnknown);
    }

    public void Dispose()
    {
        _backend.Dispose();
        _default.Dispose();
        _fallback.Dispose();
        foreach (var (_, invoker) in _status)
        {
            invoker.Dispose();
        }
    }

    private static void Keep(List<Guid> examples, Guid id)
    {
        if (examples.Count < ExamplesKept)
        {
            examples.Add(id);
        }
    }

    /// <summary>200: charged; 404: not; anything else, after <see cref="Attempts"/> tries: unknown.</summary>
    private async Task<Charge> LookUpAsync(HttpMessageInvoker invoker, ServiceEndpoint endpoint, Guid id, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var status = await StatusOfAsync(invoker, new HttpRequestMessage(HttpMethod.Get, endpoint.Resolve("payments/" + id.ToString("D"))), cancellationToken);
            if (status == 200)
            {
                return Charge.Charged;
            }

            if (status == 404)
            {
                return Charge.NotCharged;
            }
        }

        return Charge.Unknown;
    }

    private async Task<int> StatusOfAsync(HttpMessageInvoker invoker, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await invoker.SendAsync(request, linked.Token);
            await response.Content.CopyToAsync(Stream.Null, linked.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return 0;
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>Sends a GET and reads its JSON answer; null unless 200 with a body.</summary>
    private async Task<(T? Body, string? Partial)> GetJsonAsync<T>(HttpMessageInvoker invoker, HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await invoker.SendAsync(request, linked.Token);
            var partial = response.Headers.TryGetValues(PartialHeader, out var values) ? string.Join(", ", values) : null;
            if ((int)response.StatusCode != 200)
            {
                return (null, partial);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            return (await JsonSerializer.DeserializeAsync(stream, type, linked.Token), partial);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, null);
        }
        finally
        {
            request.Dispose();
        }
    }

    private enum Charge : byte
    {
        NotCharged,
        Charged,
        Unknown,
    }
}
