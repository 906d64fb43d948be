namespace PayRelay.Bench.Up;

/// <summary>Where <c>up</c>'s control channel is found from the port its balancer serves.</summary>
public static class ControlPaths
{
    /// <summary>The link <c>up</c> makes to its control socket when its balancer listens on <paramref name="port"/>.</summary>
    public static string ForPort(int port) =>
        Path.Combine(Path.GetTempPath(), $"payrelay-up-port-{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}.sock");
}
