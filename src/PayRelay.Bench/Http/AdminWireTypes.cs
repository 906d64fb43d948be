using System.Text.Json.Serialization;

namespace PayRelay.Bench.Http;

/// <summary>A processor's answer to <c>PUT /admin/configurations/delay</c>: the setting, what it was and what it is now.</summary>
public sealed record DelayChange(string? Config, int? Was, int? Is);

/// <summary>A processor's answer to <c>PUT /admin/configurations/failure</c>.</summary>
public sealed record FailureChange(string? Config, bool? Was, bool? Is);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(DelayChange))]
[JsonSerializable(typeof(FailureChange))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
