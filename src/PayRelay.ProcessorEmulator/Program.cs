using PayRelay.ProcessorEmulator;

// Configured like the official processor: TRANSACTION_FEE, RATE_LIMIT_SECONDS, INITIAL_TOKEN, and --urls / ASPNETCORE_URLS.
EmulatorOptions options;
try
{
    options = EmulatorOptions.FromEnvironment();
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"processor emulator: {e.Message}");
    return 2;
}

var (app, _) = EmulatorApplication.Create(args, options, listenOnOptionsUrl: false);
await using (app)
{
    await app.RunAsync();
}

return 0;
