using PayRelay.Testing.Provisioning;

namespace PayRelay.Testing;

/// <summary>
/// What a test calls for an external program: <c>RequiredTool.Path("haproxy")</c> answers the executable, installing it
/// if it can, or skips the test naming the command that fixes it. The test must be a <c>[SkippableFact]</c> or
/// <c>[SkippableTheory]</c> (a fixture may call it too: its skip reaches each of its tests).
/// </summary>
public static class RequiredTool
{
    public static string Path(string name) => ToolProvisioner.Shared.Require(ExternalTool.Named(name));
}
