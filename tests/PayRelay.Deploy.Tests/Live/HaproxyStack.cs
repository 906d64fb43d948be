namespace PayRelay.Deploy.Tests.Live;

/// <summary>deploy/haproxy.cfg as it is, with SOCKET_DIR and LB_BIND pointing at the test's own.</summary>
public sealed class HaproxyStack : BalancerStack
{
    protected override (string File, IEnumerable<string> Args, IDictionary<string, string> Environment) Balancer(string socketDirectory, int port) =>
        (Tools.Require("haproxy"), ["-db", "-f", RepoPaths.HaproxyConfig],
            new Dictionary<string, string> { ["SOCKET_DIR"] = socketDirectory, ["LB_BIND"] = $"127.0.0.1:{port}" });
}
