using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayRelay.Bench.Scenarios;

// The JSON shape of a scenario file; every field optional.
internal sealed class ScenarioDocument
{
    public string? Name { get; set; }
    public double? DurationSeconds { get; set; }
    public int? MaxUsers { get; set; }
    public decimal? Amount { get; set; }
    public FeesDocument? Fees { get; set; }
    public string? MoneySource { get; set; }
    public double? TeardownWindowSeconds { get; set; }
    public ConsistencyDocument? Consistency { get; set; }
    public List<StageDocument>? Stages { get; set; }
    public int? ConstantUsers { get; set; }
    public List<FaultDocument>? Faults { get; set; }
    public double? SettleSeconds { get; set; }
}

internal sealed class FaultDocument
{
    public double? AtSeconds { get; set; }
    public string? Instance { get; set; }
    public string? Signal { get; set; }
    public double? RestartAfterSeconds { get; set; }
}

internal sealed class FeesDocument
{
    public decimal? Default { get; set; }
    public decimal? Fallback { get; set; }
}

internal sealed class ConsistencyDocument
{
    public double? IntervalSeconds { get; set; }
    public double? LookbackSeconds { get; set; }
    public double? MarginMilliseconds { get; set; }
}

internal sealed class StageDocument
{
    public double? AtSeconds { get; set; }
    public ProcessorStageDocument? Default { get; set; }
    public ProcessorStageDocument? Fallback { get; set; }
}

internal sealed class ProcessorStageDocument
{
    public int Delay { get; set; }
    public bool Failure { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ScenarioDocument))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
