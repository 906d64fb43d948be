namespace PayRelay.Deploy.Tests.Checks;

public static partial class ComposeRules
{
    public const string DefaultProcessorUrl = "http://payment-processor-default:8080";
    public const string FallbackProcessorUrl = "http://payment-processor-fallback:8080";

    /// <summary>The server's drain deadline when SHUTDOWN_TIMEOUT_SECONDS is not set.</summary>
    public const int DefaultShutdownSeconds = 10;

    /// <summary>Docker's wait between SIGTERM and SIGKILL when stop_grace_period is not set.</summary>
    public static readonly TimeSpan DockerDefaultGrace = TimeSpan.FromSeconds(10);

    private static void CheckInstances(ComposeFile compose, List<Violation> violations)
    {
        var instances = compose.Instances;
        if (instances.Count < 2)
        {
            violations.Add(new(Rules.InstancesCount, $"at least two PayRelay instances (services with INSTANCE_ID), found {instances.Count}"));
        }

        foreach (var group in instances.GroupBy(s => s.Environment["INSTANCE_ID"]).Where(g => g.Count() > 1))
        {
            violations.Add(new(Rules.InstancesIdUnique, $"INSTANCE_ID '{group.Key}' is used by [{string.Join(", ", group.Select(s => s.Name))}]"));
        }

        var primaries = instances.Count(s => s.Environment.GetValueOrDefault("HEALTH_POLL") == "primary");
        if (primaries != 1)
        {
            violations.Add(new(Rules.EnvPoller, $"exactly one instance polls the processors' health (HEALTH_POLL=primary), found {primaries}"));
        }

        foreach (var instance in instances)
        {
            CheckInstance(compose, instance, violations);
        }
    }

    private static void CheckInstance(ComposeFile compose, ComposeService instance, List<Violation> violations)
    {
        var env = instance.Environment;
        var poll = env.GetValueOrDefault("HEALTH_POLL");
        if (poll is not ("primary" or "standby"))
        {
            violations.Add(new(Rules.EnvPoller, $"{instance.Name}: HEALTH_POLL must be primary or standby, is '{poll}'"));
        }

        var peers = compose.Instances.Where(o => o.Name != instance.Name).Select(o => o.Environment.GetValueOrDefault("ASPNETCORE_URLS"));
        var peer = env.GetValueOrDefault("PEER_URL");
        if (peer is null || !peers.Contains(peer))
        {
            violations.Add(new(Rules.EnvPeer, $"{instance.Name}: PEER_URL '{peer}' must be the ASPNETCORE_URLS of another instance"));
        }

        if (env.GetValueOrDefault("DEFAULT_PROCESSOR_URL") != DefaultProcessorUrl || env.GetValueOrDefault("FALLBACK_PROCESSOR_URL") != FallbackProcessorUrl)
        {
            violations.Add(new(Rules.EnvProcessors, $"{instance.Name}: DEFAULT_PROCESSOR_URL/FALLBACK_PROCESSOR_URL must be {DefaultProcessorUrl} and {FallbackProcessorUrl}"));
        }

        var drain = int.TryParse(env.GetValueOrDefault("SHUTDOWN_TIMEOUT_SECONDS"), out var seconds) ? seconds : DefaultShutdownSeconds;
        var graceText = instance.Scalar("stop_grace_period");
        var grace = graceText is null ? DockerDefaultGrace : Duration.TryParse(graceText, out var parsed) ? parsed : TimeSpan.Zero;
        if (grace <= TimeSpan.FromSeconds(drain))
        {
            violations.Add(new(Rules.ShutdownGrace, $"{instance.Name}: stop_grace_period ({graceText ?? "Docker's 10s"}) must exceed the {drain} s drain (SHUTDOWN_TIMEOUT_SECONDS)"));
        }

        var build = Yaml.Child(instance.Node, "build");
        var context = build is YamlDotNet.RepresentationModel.YamlScalarNode ? Yaml.Text(build) : instance.Scalar("build", "context");
        var dockerfile = instance.Scalar("build", "dockerfile") ?? "Dockerfile";
        if (context is null || !File.Exists(Path.Combine(compose.Directory, context, dockerfile)))
        {
            violations.Add(new(Rules.ImageBuild, $"{instance.Name}: build must name a context and a Dockerfile that exist (context '{context}', dockerfile '{dockerfile}')"));
        }
    }
}
