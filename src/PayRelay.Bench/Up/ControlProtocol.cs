using System.Text.Json.Serialization;

namespace PayRelay.Bench.Up;

/// <summary>
/// One request on <c>up</c>'s control channel, sent as one line of JSON: <c>status</c>, <c>kill</c> (with a signal and
/// an optional hold-down) or <c>restart</c>.
/// </summary>
public sealed record ControlRequest(string Command, string? Service = null, string? Signal = null, double? RestartAfterSeconds = null)
{
    public static ControlRequest Status { get; } = new("status");
}

/// <summary>A service of the stack as the supervisor sees it.</summary>
/// <param name="Name">The service's name (api1, api2, processor-default, haproxy, ...).</param>
/// <param name="State">running, restarting (backing off after a crash), held-down (killed on purpose) or stopped.</param>
/// <param name="Pid">The running process, when there is one.</param>
/// <param name="Restarts">How many times the supervisor started it again.</param>
/// <param name="LastExitCode">How its last process ended (128 + the signal when a signal ended it).</param>
/// <param name="RestartInSeconds">When it is down: how long until the supervisor starts it again.</param>
/// <param name="Url">Where it answers, as <c>bench</c> takes it.</param>
public sealed record ServiceStatus(string Name, string State, int? Pid, int Restarts, int? LastExitCode, double? RestartInSeconds, string? Url);

/// <summary>Something that happened to a service: signalled, exited, restarted.</summary>
public sealed record ServiceEvent(DateTimeOffset At, string Service, string Kind, int? Pid, int? ExitCode, string Detail);

/// <summary>The answer to a <see cref="ControlRequest"/>: whether it was done, and the services and their recent events.</summary>
public sealed record ControlResponse(bool Ok, string? Error, string? Message, IReadOnlyList<ServiceStatus>? Services, IReadOnlyList<ServiceEvent>? Events)
{
    public static ControlResponse Failure(string error) => new(false, error, null, null, null);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
