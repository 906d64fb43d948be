namespace PayRelay.Deploy.Tests.Checks;

public static partial class ComposeRules
{
    /// <summary>
    /// Each instance listens on a unix socket in a directory that is a named volume mounted at the
    /// same place in every instance and in the load balancer, which connects to those sockets.
    /// </summary>
    private static void CheckSockets(ComposeFile compose, List<Violation> violations)
    {
        foreach (var (name, socket) in compose.InstanceSockets)
        {
            if (socket is null)
            {
                violations.Add(new(Rules.SocketsUnix, $"{name}: ASPNETCORE_URLS must be http://unix:/<dir>/<name>.sock"));
                continue;
            }

            var directory = Path.GetDirectoryName(socket)!;
            var volume = compose.Service(name).Mounts.FirstOrDefault(m => m.Target == directory).Source;
            if (string.IsNullOrEmpty(volume) || volume.StartsWith('.') || volume.StartsWith('/') || compose.TopLevel("volumes", volume) is null)
            {
                violations.Add(new(Rules.SocketsVolume, $"{name}: the socket directory {directory} must be a named volume declared under volumes"));
                continue;
            }

            foreach (var other in compose.Services.Where(s => s.Name != name && !s.Mounts.Contains((volume, directory))))
            {
                violations.Add(new(Rules.SocketsVolume, $"{other.Name}: must mount volume {volume} at {directory} to reach {name}'s socket"));
            }
        }

        var sockets = compose.InstanceSockets.Values.Where(s => s is not null).ToList();
        if (sockets.Distinct().Count() != sockets.Count)
        {
            violations.Add(new(Rules.SocketsUnix, "two instances listen on the same socket path"));
        }
    }
}
