namespace PayRelay.Bench.Up;

public sealed partial class StackLauncher
{
    private (string Default, string Fallback) _processorUrls;

    /// <summary>This program, which runs the relay floor as <c>relay-floor</c>.</summary>
    private static string RelayFloorDll => Path.Combine(AppContext.BaseDirectory, "PayRelay.Bench.dll");

    /// <summary>Starts a service and hands it to the supervisor, which starts it the same way each time it exits.</summary>
    private ChildProcess Launch(ServiceSpec spec, int tier, ComposeFile? compose, string composeService)
    {
        IReadOnlyList<string> procs = [];
        if (options.Limits && compose is not null)
        {
            procs = Limit(compose, composeService, spec.Name).ProcsFiles;
        }

        var log = Path.Combine(_workDirectory!.FullName, "logs", spec.Name + ".log");
        var process = ChildProcess.Start(spec, log, procs);
        var grace = tier == ServerTier ? options.StopGrace : TimeSpan.FromSeconds(5);
        _supervisor.Add(spec.Name, tier, grace, UrlOf(spec.Name, tier), process, () =>
        {
            var again = ChildProcess.Start(spec, log, procs);
            UpLog.Started(logger, spec.Name, again.Id, log);
            return again;
        });
        UpLog.Started(logger, spec.Name, process.Id, log);
        return process;
    }

    /// <summary>
    /// The cgroups of <paramref name="name"/> in this stack, with the limits of <paramref name="composeService"/> in the
    /// compose file; removed when the stack stops.
    /// </summary>
    private CgroupV1 Limit(ComposeFile compose, string composeService, string name)
    {
        var limits = compose.Limits(composeService);
        var group = CgroupV1.Create(CgroupV1.DefaultRoot, options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), name, limits);
        _groups.Add(group);
        UpLog.Limited(logger, name, limits.Cpus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited", limits.MemoryText ?? "unlimited");
        return group;
    }

    /// <summary>Where a service answers, as <c>bench</c> takes addresses.</summary>
    private string UrlOf(string service, int tier) => tier switch
    {
        ServerTier => $"http://unix:{Path.Combine(_workDirectory!.FullName, "sockets", service)}.sock",
        ProcessorTier => $"http://127.0.0.1:{(service.EndsWith("fallback", StringComparison.Ordinal) ? options.ProcessorPorts.Fallback : options.ProcessorPorts.Default)}",
        _ => $"http://127.0.0.1:{options.Port}",
    };

    /// <summary>
    /// The minimal relay in an instance's place: the same socket, environment (the compose file's runtime settings)
    /// and limits, relaying every payment to the default processor.
    /// </summary>
    private static ServiceSpec RelayFloorSpec(string name, string socket, string defaultUrl, IReadOnlyDictionary<string, string?> environment) =>
        new(name, DotnetHost(), [RelayFloorDll, "relay-floor", "--listen", socket, "--processor", defaultUrl], environment);
}
