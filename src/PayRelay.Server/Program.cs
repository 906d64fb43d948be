using PayRelay.Server;
using PayRelay.Server.Configuration;
using PayRelay.Server.Storage;

ServerOptions options;
try
{
    options = ServerOptionsEnvironment.Read(Environment.GetEnvironmentVariable);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"PayRelay.Server: {e.Message}");
    return 2;
}

try
{
    var app = ServerApp.Build(args, options, TimeProvider.System);
    await app.RunAsync();
    return 0;
}
catch (StoreStartException e)
{
    Console.Error.WriteLine($"PayRelay.Server: cannot start: {e.Message}");
    return 3;
}
