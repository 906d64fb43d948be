namespace PayRelay.Bench.Up;

public sealed partial class StackLauncher
{
    /// <summary>The line a script can wait for before it starts a bench.</summary>
    public const string ReadyLine = "PayRelay stack is up";

    private void PrintReady(ControlServer control)
    {
        var (defaultUrl, fallbackUrl) = _processorUrls;
        var sockets = Path.Combine(_workDirectory!.FullName, "sockets");
        var emulated = options.Processors is null;
        var limits = options.Limits ? " (under the compose file's CPU and memory limits)" : string.Empty;
        var floor = options.Backend == UpBackend.Relay ? " with the relay floor as api1 and api2" : string.Empty;
        var names = InstanceNames().Select(i => i.Name).ToList();
        var status = string.Join(',', names.Select(n => $"http://unix:{sockets}/{n}.sock"));
        var cost = options.ProcessorCost.IsOff
            ? ", no cost model"
            : $", cost {options.ProcessorCost.RequestMicroseconds}+{options.ProcessorCost.StoreMicroseconds} us CPU per payment";
        console.WriteLine($"{ReadyLine}{floor}{limits}. Ctrl-C stops it.");
        Row($"backend ({options.LoadBalancer})", $"http://127.0.0.1:{options.Port}");
        Row("default processor", defaultUrl + (emulated ? $"  (emulated, fee {Invariant(options.Fees.Default)}{cost}, admin token 123)" : string.Empty));
        Row("fallback processor", fallbackUrl + (emulated ? $"  (emulated, fee {Invariant(options.Fees.Fallback)}{cost})" : string.Empty));
        Row(string.Join(", ", names), string.Join(", ", names.Select(n => $"http://unix:{sockets}/{n}.sock")) + (options.Backend == UpBackend.Relay ? "  (relay-floor)" : string.Empty));
        if (_postgres is { } postgres)
        {
            Row("postgres", $"{postgres.ConnectionString(LocalPostgres.Database)}  (STORE=postgres, one database for {names.Count} instance(s), postmaster pid {postgres.PostmasterPid})");
        }

        Row("control", $"{control.Link}  (-> {control.Path})");
        Row("logs", Path.Combine(_workDirectory!.FullName, "logs"));
        console.WriteLine("A service that exits is started again. Kill, restart or list them from another terminal:");
        console.WriteLine($"  dotnet run -c Release --project src/PayRelay.Bench -- ctl --port {options.Port} status");
        console.WriteLine($"  dotnet run -c Release --project src/PayRelay.Bench -- ctl --port {options.Port} kill api1 --signal KILL --restart-after 10");
        console.WriteLine("Score it from another terminal:");
        console.WriteLine($"  dotnet run -c Release --project src/PayRelay.Bench -- bench --scenario preview --backend http://127.0.0.1:{options.Port} --processors {defaultUrl},{fallbackUrl} --status {status}");
        console.Flush();

        void Row(string name, string value) => console.WriteLine($"  {name,-19}{value}");
    }
}
