using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests.Checks;

public static partial class ComposeRules
{
    public const string ProcessorNetwork = "payment-processor";
    public const string BalancerPort = "9999";

    private static void CheckNetworks(ComposeFile compose, List<Violation> violations)
    {
        if (!Yaml.IsTrue(Yaml.At(compose.Root, "networks", ProcessorNetwork, "external")))
        {
            violations.Add(new(Rules.NetworkExternal, $"the network {ProcessorNetwork} must be declared with external: true"));
        }

        if (Yaml.Child(compose.Root, "networks") is YamlMappingNode networks)
        {
            foreach (var (key, value) in networks.Children)
            {
                var driver = value is YamlMappingNode network ? Yaml.Text(Yaml.Child(network, "driver")) : "";
                if (driver.Length > 0 && driver != "bridge")
                {
                    violations.Add(new(Rules.NetworkDriver, $"network {Yaml.Text(key)}: driver must be bridge, is '{driver}'"));
                }
            }
        }

        foreach (var service in compose.Services)
        {
            var mode = service.Scalar("network_mode");
            if (mode is not null && mode != "bridge")
            {
                violations.Add(new(Rules.NetworkMode, $"{service.Name}: network_mode must be bridge (or absent), is '{mode}'"));
            }

            var callsProcessors = service.Environment.ContainsKey("INSTANCE_ID")
                || service.Environment.ContainsKey("DEFAULT_PROCESSOR_URL")
                || service.Environment.ContainsKey("FALLBACK_PROCESSOR_URL");
            if (callsProcessors && !service.Networks.Contains(ProcessorNetwork))
            {
                violations.Add(new(Rules.NetworkProcessors, $"{service.Name}: calls the processors, so it must join the {ProcessorNetwork} network"));
            }
        }
    }

    private static void CheckPorts(ComposeFile compose, List<Violation> violations)
    {
        foreach (var instance in compose.Instances.Where(s => s.Ports.Count > 0))
        {
            violations.Add(new(Rules.PortsBalancerOnly, $"{instance.Name}: an instance publishes no port; only the load balancer does"));
        }

        var publishing = compose.Services.Where(s => s.Ports.Count > 0).ToList();
        var balancer = publishing.Count == 1 && compose.Balancers.Any(b => b.Name == publishing[0].Name) ? publishing[0] : null;
        if (balancer is null)
        {
            violations.Add(new(Rules.Ports9999, $"exactly one service, the load balancer, publishes ports; these do: [{string.Join(", ", publishing.Select(s => s.Name))}]"));
        }
        else if (balancer.Ports is not [(BalancerPort, BalancerPort)])
        {
            violations.Add(new(Rules.Ports9999, $"{balancer.Name}: must publish port {BalancerPort} as {BalancerPort}:{BalancerPort} and nothing else, publishes [{string.Join(", ", balancer.Ports.Select(p => $"{p.Published}:{p.Target}"))}]"));
        }
    }
}
