namespace PayRelay.Testing.Provisioning;

/// <summary>What one install attempt came to: whether apt-get succeeded, and what it said when it did not.</summary>
public sealed record InstallAttempt(bool Succeeded, string Detail);

/// <summary>
/// What <see cref="ToolProvisioner"/> asks of the machine. The tests of the provisioner replace each part; the
/// suites use <see cref="System"/>.
/// </summary>
/// <param name="Locate">The tool's executable, or null when it is missing.</param>
/// <param name="IsRoot">Whether apt-get may be run.</param>
/// <param name="InstallSetting">The value of <see cref="ToolProvisioner.InstallVariable"/>, if set.</param>
/// <param name="Install">Installs one Debian package.</param>
/// <param name="StateDirectory">Holds the lock that serializes installs across test processes, and the failures they remember.</param>
/// <param name="Notice">Tells the person running the tests what happens (an install, a skip).</param>
/// <param name="Time">Ages remembered failures and bounds the wait for the lock.</param>
public sealed record ToolHost(
    Func<ExternalTool, string?> Locate,
    bool IsRoot,
    string? InstallSetting,
    Func<string, InstallAttempt> Install,
    string StateDirectory,
    Action<string> Notice,
    TimeProvider Time)
{
    /// <summary>This machine: PATH, the effective user, apt-get, a folder under the temporary directory, the test output.</summary>
    public static ToolHost System { get; } = new(
        tool => tool.Locate(),
        Environment.UserName == "root",
        Environment.GetEnvironmentVariable(ToolProvisioner.InstallVariable),
        AptGet.Install,
        Path.Combine(Path.GetTempPath(), "payrelay-test-tools"),
        ToolNotices.Say,
        TimeProvider.System);
}
