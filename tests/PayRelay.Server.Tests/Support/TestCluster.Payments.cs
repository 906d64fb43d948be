using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using PayRelay.ProcessorEmulator;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Tests.Support;

/// <summary>A payment as a processor stored it, and which processor that was.</summary>
public readonly record struct ChargedPayment(ProcessorKind Processor, StoredPayment Stored);

public sealed partial class TestCluster
{
    private readonly ConcurrentDictionary<Guid, decimal> _accepted = new();

    /// <summary>Every correlationId some instance answered 2xx for.</summary>
    public IReadOnlyCollection<Guid> AcceptedIds => [.. _accepted.Keys];

    /// <summary>Records a payment some instance answered 2xx for when the test posted it by its own means.</summary>
    public void NoteAccepted(Guid id, decimal amount = 19.90m) => _accepted.TryAdd(id, amount);

    /// <summary>After a purge of the whole deployment (processors included), earlier promises no longer count.</summary>
    public void ForgetAccepted() => _accepted.Clear();

    public static string PaymentJson(Guid id, decimal amount) =>
        $$"""{"correlationId":"{{id}}","amount":{{amount.ToString(CultureInfo.InvariantCulture)}}}""";

    /// <summary>Posts any body; the caller owns the response.</summary>
    public Task<HttpResponseMessage> PostRawAsync(int index, string body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return Client(index).PostAsync("payments", content);
    }

    /// <summary>Posts one payment; a 2xx answer makes it a promise the cluster checks at the end.</summary>
    public async Task<HttpStatusCode> PostPaymentAsync(int index, Guid id, decimal amount = 19.90m)
    {
        using var response = await PostRawAsync(index, PaymentJson(id, amount));
        if (response.IsSuccessStatusCode)
        {
            _accepted.TryAdd(id, amount);
        }

        return response.StatusCode;
    }

    /// <summary>Posts <paramref name="count"/> fresh payments, alternating instances unless one is given; each must be accepted.</summary>
    public async Task<List<Guid>> PostPaymentsAsync(int count, decimal amount = 19.90m, int? onlyTo = null)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        const int Parallel = 8;
        for (var start = 0; start < count; start += Parallel)
        {
            var batch = ids.Skip(start).Take(Parallel).Select((id, k) => PostPaymentAsync(onlyTo ?? ((start + k) % Count), id, amount));
            foreach (var status in await Task.WhenAll(batch))
            {
                Assert.Equal(HttpStatusCode.Accepted, status);
            }
        }

        return ids;
    }

    /// <summary>Where each accepted payment was charged: one entry per processor that stored it.</summary>
    public List<ChargedPayment> Charges()
    {
        var charges = new List<ChargedPayment>();
        foreach (var id in _accepted.Keys)
        {
            if (Default.State.TryGet(id, out var atDefault))
            {
                charges.Add(new ChargedPayment(ProcessorKind.Default, atDefault));
            }

            if (Fallback.State.TryGet(id, out var atFallback))
            {
                charges.Add(new ChargedPayment(ProcessorKind.Fallback, atFallback));
            }
        }

        return charges;
    }

    /// <summary>Both instances' dispatch counters, summed over the running ones.</summary>
    public long Counter(Func<DispatchCounters, long> read) =>
        Enumerable.Range(0, Count).Where(IsRunning).Sum(i => read(Instance(i).Get<DispatchCounters>()));
}
