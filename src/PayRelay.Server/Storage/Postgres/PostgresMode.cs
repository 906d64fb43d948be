using PayRelay.Server.Configuration;
using PayRelay.Server.Dispatch;

namespace PayRelay.Server.Storage.Postgres;

/// <summary>
/// Everything <c>STORE=postgres</c> adds to an instance. This is the only door to the Npgsql types: the runtime loads an
/// assembly when a method that uses one of its types is compiled, so as long as nothing outside this folder names such a
/// type, a default-mode instance never loads Npgsql (a test reads the process's mappings to hold this).
/// </summary>
public static class PostgresMode
{
    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        // Built here, so a malformed POSTGRES_URL stops the start at once; registered through a factory, so the
        // container disposes it (and its connections) with the instance.
        var database = new PostgresDatabase(options);
        services.AddSingleton(_ => database);

        // Registered before anything that reads or writes payments: hosted services start in order, and the
        // listener only after all of them, so no request arrives before the schema is there.
        services.AddHostedService<PostgresStartup>();
        services.AddSingleton<IPaymentStore>(sp => new PostgresStore(
            sp.GetRequiredService<PostgresDatabase>(),
            sp.GetRequiredService<PaymentIntake>(),
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresStore>>()));
        services.AddSingleton(sp => new PostgresHealthPoller(
            sp.GetRequiredService<PostgresDatabase>(),
            options,
            sp.GetRequiredService<HealthBoard>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresHealthPoller>>()));
        services.AddHostedService(sp => sp.GetRequiredService<PostgresHealthPoller>());

        // /status says whether this instance holds the election for either processor.
        services.AddSingleton(sp =>
        {
            var poller = sp.GetRequiredService<PostgresHealthPoller>();
            return new Http.HealthPollingView(() => poller.Holds(ProcessorKind.Default) || poller.Holds(ProcessorKind.Fallback));
        });
    }
}
