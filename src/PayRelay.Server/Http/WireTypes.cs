using System.Text.Json.Serialization;

namespace PayRelay.Server.Http;

/// <summary>One processor's part of <c>GET /payments-summary</c>.</summary>
public sealed record SummaryPart(
    [property: JsonPropertyName("totalRequests")] long TotalRequests,
    [property: JsonPropertyName("totalAmount")] decimal TotalAmount);

/// <summary>The body of <c>GET /payments-summary</c> (and of the peer's <c>GET /internal/summary</c>).</summary>
public sealed record SummaryResponse(
    [property: JsonPropertyName("default")] SummaryPart Default,
    [property: JsonPropertyName("fallback")] SummaryPart Fallback);

/// <summary>A processor's answer to <c>GET /payments/service-health</c>.</summary>
public sealed record ProcessorHealthWire(
    [property: JsonPropertyName("failing")] bool Failing,
    [property: JsonPropertyName("minResponseTime")] long MinResponseTime);

/// <summary>One health poll result as instances share it with each other.</summary>
public sealed record HealthShare(
    [property: JsonPropertyName("processor")] string Processor,
    [property: JsonPropertyName("failing")] bool Failing,
    [property: JsonPropertyName("minResponseTime")] long MinResponseTime,
    [property: JsonPropertyName("polledAt")] DateTimeOffset PolledAt,
    [property: JsonPropertyName("source")] string Source);

/// <summary>The body of <c>GET /status</c>.</summary>
public sealed record StatusResponse(
    [property: JsonPropertyName("instanceId")] string InstanceId,
    [property: JsonPropertyName("draining")] bool Draining,
    [property: JsonPropertyName("queueDepth")] int QueueDepth,
    [property: JsonPropertyName("inFlight")] int InFlight,
    [property: JsonPropertyName("cpuMilliseconds")] long CpuMilliseconds,
    [property: JsonPropertyName("ledgerSize")] long LedgerSize,
    [property: JsonPropertyName("healthPolling")] bool HealthPolling,
    [property: JsonPropertyName("processors")] StatusProcessors Processors,
    [property: JsonPropertyName("counters")] StatusCounters Counters,
    [property: JsonPropertyName("memory")] StatusMemory Memory);

/// <summary>What the process holds: the figures the memory target and a leak hunt need, without a profiler.</summary>
public sealed record StatusMemory(
    [property: JsonPropertyName("workingSetBytes")] long WorkingSetBytes,
    [property: JsonPropertyName("gcHeapBytes")] long GcHeapBytes,
    [property: JsonPropertyName("gcCommittedBytes")] long GcCommittedBytes,
    [property: JsonPropertyName("allocatedBytes")] long AllocatedBytes,
    [property: JsonPropertyName("collections")] int[] Collections,
    [property: JsonPropertyName("gcPauseMilliseconds")] double GcPauseMilliseconds)
{
    public static StatusMemory Now()
    {
        var gc = GC.GetGCMemoryInfo();
        return new StatusMemory(
            Environment.WorkingSet,
            gc.HeapSizeBytes,
            gc.TotalCommittedBytes,
            GC.GetTotalAllocatedBytes(),
            [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
            GC.GetTotalPauseDuration().TotalMilliseconds);
    }
}

public sealed record StatusProcessors(
    [property: JsonPropertyName("default")] StatusProcessor Default,
    [property: JsonPropertyName("fallback")] StatusProcessor Fallback);

public sealed record StatusProcessor(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("expectedLatencyMs")] long ExpectedLatencyMs,
    [property: JsonPropertyName("inFlight")] int InFlight,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("started")] long Started,
    [property: JsonPropertyName("confirmed")] long Confirmed,
    [property: JsonPropertyName("failures")] long Failures,
    [property: JsonPropertyName("timeouts")] long Timeouts,
    [property: JsonPropertyName("health")] HealthShare? Health);

public sealed record StatusCounters(
    [property: JsonPropertyName("accepted")] long Accepted,
    [property: JsonPropertyName("duplicates")] long Duplicates,
    [property: JsonPropertyName("confirmed")] long Confirmed,
    [property: JsonPropertyName("retried")] long Retried,
    [property: JsonPropertyName("uncertain")] long Uncertain,
    [property: JsonPropertyName("chargedElsewhere")] long ChargedElsewhere,
    [property: JsonPropertyName("refused")] long Refused);

[JsonSerializable(typeof(SummaryResponse))]
[JsonSerializable(typeof(ProcessorHealthWire))]
[JsonSerializable(typeof(HealthShare))]
[JsonSerializable(typeof(HealthShare[]))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
public sealed partial class ServerJson : JsonSerializerContext;
