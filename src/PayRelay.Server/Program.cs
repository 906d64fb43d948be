using PayRelay.Server;
using PayRelay.Server.Configuration;

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

var app = ServerApp.Build(args, options, TimeProvider.System);
await app.RunAsync();
return 0;
