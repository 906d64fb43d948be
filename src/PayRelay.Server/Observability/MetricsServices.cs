using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Observability;

/// <summary>Registers what <c>/metrics</c> needs; the dispatcher's clients take their recorders from <see cref="AttemptMetrics"/>.</summary>
public static class MetricsServices
{
    public static IServiceCollection AddRelayMetrics(this IServiceCollection services)
    {
        services.AddSingleton<RelayMeter>();
        services.AddSingleton<AttemptMetrics>();
        services.AddSingleton<PaymentRefusals>();
        services.AddSingleton<RelayObservations>();
        services.AddSingleton<MetricsEndpoint>();
        return services;
    }

    public static AttemptRecorder AttemptRecorder(this IServiceProvider services, ProcessorKind kind) =>
        services.GetRequiredService<AttemptMetrics>().For(kind);
}
