namespace PayRelay.ProcessorEmulator;

/// <summary>Builds the emulator's web application; shared by the executable and <see cref="EmulatorHost"/>.</summary>
public static class EmulatorApplication
{
    /// <summary>
    /// The emulator is configured by its options, the environment and the command line. Left on, the builder would
    /// watch the working directory and everything under it for an appsettings.json to reload, and wake a thread for
    /// every file written below it, on the CPU the bench's measurements share.
    /// </summary>
    private const string NoConfigurationReload = "--hostBuilder:reloadConfigOnChange=false";

    /// <summary>
    /// Creates the application and its state. With <paramref name="listenOnOptionsUrl"/> it listens on
    /// <see cref="EmulatorOptions.Url"/>; otherwise where <c>--urls</c> / <c>ASPNETCORE_URLS</c> say.
    /// </summary>
    public static (WebApplication App, EmulatorState State) Create(string[] args, EmulatorOptions options, bool listenOnOptionsUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        var state = new EmulatorState(options);
        var builder = WebApplication.CreateSlimBuilder([NoConfigurationReload, .. args]);
        if (listenOnOptionsUrl)
        {
            builder.WebHost.UseUrls(options.Url);
            // In-process hosts live inside test runs and the bench, whose output should show only trouble.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // Hosting logs every request at Information; the emulator must not pay for that per payment.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        app.MapEmulator(state);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PayRelay.ProcessorEmulator");
        app.Lifetime.ApplicationStarted.Register(() =>
            EmulatorLog.Listening(logger, string.Join(' ', app.Urls), options.TransactionFee, options.RateLimitWindow, options.Cost.ToString()));
        return (app, state);
    }
}
