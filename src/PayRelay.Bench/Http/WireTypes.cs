using System.Text.Json.Serialization;

namespace PayRelay.Bench.Http;

/// <summary>One side of the backend's <c>GET /payments-summary</c>.</summary>
public sealed record SummaryPart(long TotalRequests, decimal TotalAmount);

/// <summary>The backend's <c>GET /payments-summary</c> (spec §1).</summary>
public sealed record BackendSummary(SummaryPart? Default, SummaryPart? Fallback)
{
    public static BackendSummary Empty { get; } = new(new SummaryPart(0, 0), new SummaryPart(0, 0));
}

/// <summary>A processor's <c>GET /admin/payments-summary</c> (spec §2).</summary>
public sealed record ProcessorSummary(long TotalRequests, decimal TotalAmount, decimal TotalFee, decimal FeePerTransaction)
{
    public static ProcessorSummary Empty { get; } = new(0, 0, 0, 0);
}

/// <summary>
/// The fields of the server's <c>GET /status</c> the report plots; the rest is ignored, and every field may be
/// missing (an older server, or a backend that is not PayRelay).
/// </summary>
public sealed record StatusSnapshot(string? InstanceId, long? QueueDepth, long? InFlight, long? CpuMilliseconds, StatusProcessorsSnapshot? Processors);

/// <summary><c>processors</c> of <c>GET /status</c>.</summary>
public sealed record StatusProcessorsSnapshot(ProcessorStatusSnapshot? Default, ProcessorStatusSnapshot? Fallback);

/// <summary>
/// One processor's part of <c>GET /status</c> on one instance: attempts in flight, the concurrency limit now, and
/// attempts started and payments confirmed since the instance started.
/// </summary>
public sealed record ProcessorStatusSnapshot(long? InFlight, long? Limit, long? Started, long? Confirmed);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(BackendSummary))]
[JsonSerializable(typeof(ProcessorSummary))]
[JsonSerializable(typeof(StatusSnapshot))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
