namespace PayRelay.Deploy.Tests.Checks;

/// <summary>A compose file and the load balancer configuration it mounts, checked together.</summary>
public static class DeploymentRules
{
    public static IReadOnlyList<Violation> Check(ComposeFile compose)
    {
        var violations = ComposeRules.Check(compose).ToList();
        var sockets = compose.InstanceSockets.Values.OfType<string>().ToHashSet();
        foreach (var balancer in compose.Balancers)
        {
            var file = ComposeRules.ConfigFileOf(compose, balancer);
            if (file is null || !File.Exists(file))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var connections = ComposeRules.InstanceConnections(compose);
            violations.AddRange(ComposeRules.BalancerOf(balancer)!.Value.Kind == BalancerKind.Haproxy
                ? HaproxyRules.Check(text, balancer.Environment, sockets, connections)
                : NginxRules.Check(text, sockets, connections));
        }

        return violations;
    }
}
