namespace PayRelay.Deploy.Tests.Checks;

/// <summary>
/// Stable ids of the deployment rules (spec section 4 and the deployment decisions), so a test
/// can assert which rule a broken file violates.
/// </summary>
public static class Rules
{
    public const string LimitsMissing = "limits.missing";
    public const string LimitsCpus = "limits.cpus";
    public const string LimitsMemory = "limits.memory";
    public const string InstancesCount = "instances.count";
    public const string InstancesIdUnique = "instances.id-unique";
    public const string PortsBalancerOnly = "ports.balancer-only";
    public const string Ports9999 = "ports.9999";
    public const string NetworkExternal = "network.external";
    public const string NetworkProcessors = "network.processors";
    public const string NetworkMode = "network.mode";
    public const string NetworkDriver = "network.driver";
    public const string Privileged = "privileged";
    public const string Replicas = "replicas";
    public const string Platform = "platform";
    public const string Restart = "restart";
    public const string Image = "image";
    public const string ImageBuild = "image.build";
    public const string EnvPeer = "env.peer";
    public const string EnvPoller = "env.poller";
    public const string EnvProcessors = "env.processors";
    public const string SocketsUnix = "sockets.unix";
    public const string SocketsVolume = "sockets.volume";
    public const string JournalVolume = "journal.volume";
    public const string ShutdownGrace = "shutdown.grace";
    public const string BalancerDependsOn = "balancer.depends-on";
    public const string BalancerConfig = "balancer.config";
    public const string LbSockets = "lb.sockets";
    public const string LbInternal = "lb.internal";
    public const string LbPort = "lb.port";
    public const string LbAffinity = "lb.affinity";
    public const string LbHealthCheck = "lb.healthcheck";
    public const string LbLogging = "lb.logging";
    public const string LbMaxConn = "lb.maxconn";
}
