using System.Globalization;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>
/// Checks a compose file against spec section 4 and the deployment decisions. Every rule reports
/// a <see cref="Violation"/> instead of throwing, so one run lists everything that is wrong.
/// </summary>
public static partial class ComposeRules
{
    public const decimal MaxCpus = 1.5m;
    public const long MaxMemoryBytes = 350 * ByteSize.MiB;
    public const string Platform = "linux/amd64";
    public const string RestartPolicy = "unless-stopped";

    public static IReadOnlyList<Violation> Check(ComposeFile compose)
    {
        var violations = new List<Violation>();
        CheckLimits(compose, violations);
        CheckServiceFlags(compose, violations);
        CheckNetworks(compose, violations);
        CheckPorts(compose, violations);
        CheckInstances(compose, violations);
        CheckSockets(compose, violations);
        CheckJournals(compose, violations);
        CheckBalancers(compose, violations);
        return violations;
    }

    private static void CheckLimits(ComposeFile compose, List<Violation> violations)
    {
        var cpus = 0m;
        var memory = 0L;
        foreach (var service in compose.Services)
        {
            var cpuText = service.Scalar("deploy", "resources", "limits", "cpus");
            var memoryText = service.Scalar("deploy", "resources", "limits", "memory");
            if (!decimal.TryParse(cpuText, NumberStyles.Number, CultureInfo.InvariantCulture, out var serviceCpus) || serviceCpus <= 0)
            {
                violations.Add(new(Rules.LimitsMissing, $"{service.Name}: deploy.resources.limits.cpus is missing or not a positive number ('{cpuText}')"));
            }
            else
            {
                cpus += serviceCpus;
            }

            if (!ByteSize.TryParse(memoryText, out var serviceMemory) || serviceMemory <= 0)
            {
                violations.Add(new(Rules.LimitsMissing, $"{service.Name}: deploy.resources.limits.memory is missing or not a size ('{memoryText}')"));
            }
            else
            {
                memory += serviceMemory;
            }
        }

        if (cpus > MaxCpus)
        {
            violations.Add(new(Rules.LimitsCpus, $"the services' cpus limits add up to {cpus}, over {MaxCpus}"));
        }

        if (memory > MaxMemoryBytes)
        {
            violations.Add(new(Rules.LimitsMemory, $"the services' memory limits add up to {memory / (decimal)ByteSize.MiB:0.##} MB, over 350 MB"));
        }
    }

    private static void CheckServiceFlags(ComposeFile compose, List<Violation> violations)
    {
        foreach (var service in compose.Services)
        {
            if (Yaml.IsTrue(Yaml.Child(service.Node, "privileged")))
            {
                violations.Add(new(Rules.Privileged, $"{service.Name}: privileged is not allowed"));
            }

            if (service.Has("deploy", "replicas") || service.Has("scale"))
            {
                violations.Add(new(Rules.Replicas, $"{service.Name}: replicas/scale are not allowed: declare each instance as its own service"));
            }

            if (service.Scalar("platform") != Platform)
            {
                violations.Add(new(Rules.Platform, $"{service.Name}: platform must be {Platform}, is '{service.Scalar("platform")}'"));
            }

            if (string.IsNullOrWhiteSpace(service.Scalar("image")))
            {
                violations.Add(new(Rules.Image, $"{service.Name}: needs a public image name"));
            }

            // A service that exits comes back, and stays down only when stopped on purpose: the instances back each
            // other up, which is worth nothing if a crashed one never returns.
            if (service.Scalar("restart") != RestartPolicy)
            {
                violations.Add(new(Rules.Restart, $"{service.Name}: restart must be {RestartPolicy}, is '{service.Scalar("restart")}'"));
            }
        }
    }
}
