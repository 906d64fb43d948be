using PayRelay.Deploy.Tests.Checks;
using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests;

/// <summary>
/// Ways to break a compose file, each with the rule it must trip. The checks are only worth
/// something if every one of these is caught.
/// </summary>
public static class ComposeMutations
{
    public static readonly IReadOnlyDictionary<string, (string Rule, Action<ComposeFile> Apply)> All =
        new Dictionary<string, (string, Action<ComposeFile>)>
        {
            ["api1 cpus 0.7"] = (Rules.LimitsCpus, c => Set(c, "api1", "0.7", "deploy", "resources", "limits", "cpus")),
            ["api1 memory 0.16GB"] = (Rules.LimitsMemory, c => Set(c, "api1", "0.16GB", "deploy", "resources", "limits", "memory")),
            ["api2 without limits"] = (Rules.LimitsMissing, c => Remove(c, "api2", "deploy")),
            ["load-balancer memory 'lots'"] = (Rules.LimitsMissing, c => Set(c, "load-balancer", "lots", "deploy", "resources", "limits", "memory")),
            ["api2 removed"] = (Rules.InstancesCount, c => ((YamlMappingNode)c.Root["services"]).Children.Remove(new YamlScalarNode("api2"))),
            ["api2 INSTANCE_ID api1"] = (Rules.InstancesIdUnique, c => Env(c, "api2", "INSTANCE_ID", "api1")),
            ["api1 publishes 8080"] = (Rules.PortsBalancerOnly, c => Node(c, "api1").Children[new YamlScalarNode("ports")] = new YamlSequenceNode(new YamlScalarNode("8080:8080"))),
            ["load-balancer publishes 8080"] = (Rules.Ports9999, c => Node(c, "load-balancer").Children[new YamlScalarNode("ports")] = new YamlSequenceNode(new YamlScalarNode("8080:9999"))),
            ["load-balancer publishes 9999 to 8080"] = (Rules.Ports9999, c => Node(c, "load-balancer").Children[new YamlScalarNode("ports")] = new YamlSequenceNode(new YamlScalarNode("9999:8080"))),
            ["load-balancer also publishes 8404"] = (Rules.Ports9999, c => ((YamlSequenceNode)Node(c, "load-balancer")["ports"]).Add("8404:8404")),
            ["api2 leaves payment-processor"] = (Rules.NetworkProcessors, c => Node(c, "api2").Children[new YamlScalarNode("networks")] = new YamlSequenceNode(new YamlScalarNode("backend"))),
            ["payment-processor not external"] = (Rules.NetworkExternal, c => ((YamlMappingNode)Yaml.At(c.Root, "networks", "payment-processor")!).Children[new YamlScalarNode("external")] = new YamlScalarNode("false")),
            ["api1 network_mode host"] = (Rules.NetworkMode, c => Set(c, "api1", "host", "network_mode")),
            ["backend driver host"] = (Rules.NetworkDriver, c => ((YamlMappingNode)Yaml.At(c.Root, "networks", "backend")!).Children[new YamlScalarNode("driver")] = new YamlScalarNode("host")),
            ["api2 privileged"] = (Rules.Privileged, c => Set(c, "api2", "true", "privileged")),
            ["api1 without restart"] = (Rules.Restart, c => Remove(c, "api1", "restart")),
            ["load-balancer restart no"] = (Rules.Restart, c => Set(c, "load-balancer", "no", "restart")),
            ["api2 restart on-failure"] = (Rules.Restart, c => Set(c, "api2", "on-failure", "restart")),
            ["api1 deploy.replicas 2"] = (Rules.Replicas, c => Set(c, "api1", "2", "deploy", "replicas")),
            ["api1 scale 2"] = (Rules.Replicas, c => Set(c, "api1", "2", "scale")),
            ["load-balancer platform linux/arm64"] = (Rules.Platform, c => Set(c, "load-balancer", "linux/arm64", "platform")),
            ["api2 without platform"] = (Rules.Platform, c => Remove(c, "api2", "platform")),
            ["api1 without image"] = (Rules.Image, c => Remove(c, "api1", "image")),
            ["api1 dockerfile missing"] = (Rules.ImageBuild, c => Set(c, "api1", "deploy/Missing.Dockerfile", "build", "dockerfile")),
            ["api1 PEER_URL its own socket"] = (Rules.EnvPeer, c => Env(c, "api1", "PEER_URL", "http://unix:/sockets/api1.sock")),
            ["api2 PEER_URL over TCP"] = (Rules.EnvPeer, c => Env(c, "api2", "PEER_URL", "http://api1:8080")),
            ["api2 HEALTH_POLL primary"] = (Rules.EnvPoller, c => Env(c, "api2", "HEALTH_POLL", "primary")),
            ["api1 HEALTH_POLL standby"] = (Rules.EnvPoller, c => Env(c, "api1", "HEALTH_POLL", "standby")),
            ["api1 HEALTH_POLL missing"] = (Rules.EnvPoller, c => RemoveEnv(c, "api1", "HEALTH_POLL")),
            ["api1 default processor on localhost"] = (Rules.EnvProcessors, c => Env(c, "api1", "DEFAULT_PROCESSOR_URL", "http://localhost:8001")),
            ["api2 fallback processor missing"] = (Rules.EnvProcessors, c => RemoveEnv(c, "api2", "FALLBACK_PROCESSOR_URL")),
            ["api2 listens on TCP"] = (Rules.SocketsUnix, c => Env(c, "api2", "ASPNETCORE_URLS", "http://+:8080")),
            ["api1 socket outside the volume"] = (Rules.SocketsVolume, c => MoveApi1Socket(c, "http://unix:/tmp/api1.sock")),
            ["load-balancer without the sockets volume"] = (Rules.SocketsVolume, c => ((YamlSequenceNode)Node(c, "load-balancer")["volumes"]).Children.RemoveAt(1)),
            ["api1 journal in memory only"] = (Rules.JournalVolume, c => Env(c, "api1", "JOURNAL_DIR", "")),
            ["api2 journal outside a volume"] = (Rules.JournalVolume, c => Env(c, "api2", "JOURNAL_DIR", "/tmp/journal")),
            ["api2 shares api1's journal volume"] = (Rules.JournalVolume, c => ((YamlSequenceNode)Node(c, "api2")["volumes"]).Children[1] = new YamlScalarNode("journal-api1:/journal")),
            ["api1 stop_grace_period 5s"] = (Rules.ShutdownGrace, c => Set(c, "api1", "5s", "stop_grace_period")),
            ["api2 without stop_grace_period"] = (Rules.ShutdownGrace, c => Remove(c, "api2", "stop_grace_period")),
            ["api1 drain longer than grace"] = (Rules.ShutdownGrace, c => Env(c, "api1", "SHUTDOWN_TIMEOUT_SECONDS", "30")),
            ["load-balancer depends on api1 only"] = (Rules.BalancerDependsOn, c => Node(c, "load-balancer").Children[new YamlScalarNode("depends_on")] = new YamlSequenceNode(new YamlScalarNode("api1"))),
            ["load-balancer config not mounted"] = (Rules.BalancerConfig, c => ((YamlSequenceNode)Node(c, "load-balancer")["volumes"]).Children.RemoveAt(0)),
            ["load-balancer image traefik"] = (Rules.BalancerConfig, c => Set(c, "load-balancer", "traefik:v3", "image")),
            ["api2 MAX_CONNECTIONS below the balancer's cap"] = (Rules.LbMaxConn, c => Env(c, "api2", "MAX_CONNECTIONS", "256")),
        };

    /// <summary>Mutations that only apply to the HAProxy variant, whose config reads SOCKET_DIR.</summary>
    public static readonly IReadOnlyDictionary<string, (string Rule, Action<ComposeFile> Apply)> HaproxyOnly =
        new Dictionary<string, (string, Action<ComposeFile>)>
        {
            ["load-balancer SOCKET_DIR /tmp"] = (Rules.LbSockets, c => Env(c, "load-balancer", "SOCKET_DIR", "/tmp")),
        };

    private static YamlMappingNode Node(ComposeFile compose, string service) => compose.Service(service).Node;

    private static void Env(ComposeFile compose, string service, string key, string value) => Set(compose, service, value, "environment", key);

    private static void RemoveEnv(ComposeFile compose, string service, string key) => Remove(compose, service, "environment", key);

    /// <summary>Moves api1's socket and points api2 at it, so only the volume rule can object.</summary>
    private static void MoveApi1Socket(ComposeFile compose, string url)
    {
        Env(compose, "api1", "ASPNETCORE_URLS", url);
        Env(compose, "api2", "PEER_URL", url);
    }

    private static void Set(ComposeFile compose, string service, string value, params string[] path)
    {
        var node = Node(compose, service);
        foreach (var key in path[..^1])
        {
            if (Yaml.Child(node, key) is not YamlMappingNode child)
            {
                child = [];
                node.Children[new YamlScalarNode(key)] = child;
            }

            node = child;
        }

        node.Children[new YamlScalarNode(path[^1])] = new YamlScalarNode(value);
    }

    private static void Remove(ComposeFile compose, string service, params string[] path)
    {
        var parent = path.Length == 1 ? Node(compose, service) : (YamlMappingNode)Yaml.At(Node(compose, service), path[..^1])!;
        Assert.True(parent.Children.Remove(new YamlScalarNode(path[^1])), $"{service} has no {string.Join('.', path)} to remove");
    }
}
