using System.Collections.Concurrent;
using Xunit;

namespace PayRelay.Testing.Provisioning;

/// <summary>A tool found, or why the tests that need it are skipped.</summary>
public sealed record ToolResolution(string? Path, string? SkipReason);

/// <summary>
/// Gives a test the tool it needs, or skips it: a test never fails merely because a tool is absent. A missing tool
/// is installed with apt-get when the tests run as root (saying so, once per tool; <see cref="InstallVariable"/>=0
/// turns this off); if it still cannot be had, the test is skipped with the one command that fixes it. Installs
/// are serialized across the test assemblies running at once by a lock file, and a failed install is remembered
/// for a while so the other assemblies do not each wait for it again.
/// </summary>
public sealed partial class ToolProvisioner(ToolHost host)
{
    /// <summary>The command a person runs to install every tool the tests use.</summary>
    public const string FixCommand = "sudo scripts/install-deps.sh";

    /// <summary>Set to 0 (or false, no, off) and the tests install nothing: a missing tool skips its tests.</summary>
    public const string InstallVariable = "PAYRELAY_TEST_INSTALL";

    /// <summary>How long a failed install is believed: long enough for one run of the suites, short enough to retry the next day.</summary>
    public static readonly TimeSpan FailureMemory = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, Lazy<ToolResolution>> _resolved = new();

    /// <summary>The machine's provisioner: one per test process, so each tool is looked for and installed once.</summary>
    public static ToolProvisioner Shared { get; } = new(ToolHost.System);

    /// <summary>The tool's executable; skips the calling test (<see cref="SkipException"/>) when it cannot be had.</summary>
    public string Require(ExternalTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var resolution = Resolve(tool);
        return resolution.Path ?? throw new SkipException(resolution.SkipReason);
    }

    public ToolResolution Resolve(ExternalTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return _resolved.GetOrAdd(tool.Name, _ => new Lazy<ToolResolution>(() => ResolveOnce(tool))).Value;
    }

    private ToolResolution ResolveOnce(ExternalTool tool)
    {
        if (host.Locate(tool) is { } found)
        {
            return new(found, null);
        }

        var resolution = InstallDisabled
            ? Skip(tool, $"{tool.Name} is not installed, and {InstallVariable}={host.InstallSetting} keeps the tests from installing it")
            : !host.IsRoot
                ? Skip(tool, $"{tool.Name} is not installed, and the tests install tools only when they run as root")
                : InstallSerialized(tool);
        if (resolution.SkipReason is { } reason)
        {
            host.Notice($"{reason}: the tests that need it are skipped");
        }

        return resolution;
    }

    private bool InstallDisabled => host.InstallSetting?.Trim().ToUpperInvariant() is "0" or "FALSE" or "NO" or "OFF";

    private static ToolResolution Skip(ExternalTool tool, string why) =>
        new(null, $"{why}. Run `{FixCommand}` (or apt-get install {tool.Package})");
}
