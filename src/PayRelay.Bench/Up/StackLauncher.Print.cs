namespace PayRelay.Bench.Up;

public sealed partial class StackLauncher
{
    /// <summary>The line a script can wait for before it starts a bench.</summary>
    public const string ReadyLine = "PayRelay stack is up";

    private void PrintEndpoints(string defaultUrl, string fallbackUrl, string sockets)
    {
        var emulated = options.Processors is null;
        var limits = options.Limits ? " (under the compose file's CPU and memory limits)" : string.Empty;
        var status = $"http://unix:{sockets}/api1.sock,http://unix:{sockets}/api2.sock";
        var cost = options.ProcessorCost.IsOff
            ? ", no cost model"
            : $", cost {options.ProcessorCost.RequestMicroseconds}+{options.ProcessorCost.StoreMicroseconds} us CPU per payment";
        console.WriteLine($"{ReadyLine}{limits}. Ctrl-C stops it.");
        Row($"backend ({options.LoadBalancer})", $"http://127.0.0.1:{options.Port}");
        Row("default processor", defaultUrl + (emulated ? $"  (emulated, fee {Invariant(options.Fees.Default)}{cost}, admin token 123)" : string.Empty));
        Row("fallback processor", fallbackUrl + (emulated ? $"  (emulated, fee {Invariant(options.Fees.Fallback)}{cost})" : string.Empty));
        Row("api1, api2", $"http://unix:{sockets}/api1.sock, http://unix:{sockets}/api2.sock");
        Row("logs", Path.Combine(_workDirectory!.FullName, "logs"));
        console.WriteLine("Score it from another terminal:");
        console.WriteLine($"  dotnet run -c Release --project src/PayRelay.Bench -- bench --scenario preview --backend http://127.0.0.1:{options.Port} --processors {defaultUrl},{fallbackUrl} --status {status}");
        console.Flush();

        void Row(string name, string value) => console.WriteLine($"  {name,-19}{value}");
    }
}
