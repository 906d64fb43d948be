using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayRelay.ProcessorEmulator.Wire;

/// <summary>
/// Source-generated serializers for every JSON body the emulator reads or writes. Web defaults
/// match the official processor's minimal API: camelCase out, case-insensitive in, numbers
/// accepted as strings.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PaymentView))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(SummaryView))]
[JsonSerializable(typeof(ConfigChange<int>), TypeInfoPropertyName = "DelayChange")]
[JsonSerializable(typeof(ConfigChange<bool>), TypeInfoPropertyName = "FailureChange")]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(DelayRequest))]
[JsonSerializable(typeof(FailureRequest))]
[JsonSerializable(typeof(TokenRequest))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
