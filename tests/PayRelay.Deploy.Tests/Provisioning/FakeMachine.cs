using PayRelay.Testing;
using PayRelay.Testing.Provisioning;

namespace PayRelay.Deploy.Tests.Provisioning;

/// <summary>
/// A machine as <see cref="ToolProvisioner"/> sees it, with nothing installed until its apt-get "installs" a package.
/// Several provisioners on one machine stand for several test processes: they share the machine and its state folder.
/// </summary>
public sealed class FakeMachine : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _installed = [];
    private readonly List<string> _notices = [];
    private readonly List<string> _installs = [];

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("payrelay-provisioning-").FullName;

    public ManualTimeProvider Time { get; } = new();

    /// <summary>What apt-get answers; by default it installs the package.</summary>
    public Func<string, InstallAttempt> AptGet { get; set; } = _ => new(true, string.Empty);

    public IReadOnlyList<string> Notices => Snapshot(_notices);

    /// <summary>Packages apt-get was asked for, in order.</summary>
    public IReadOnlyList<string> Installs => Snapshot(_installs);

    public void MarkInstalled(string package)
    {
        lock (_gate)
        {
            _installed.Add(package);
        }
    }

    /// <summary>A provisioner, as a test process on this machine would have it.</summary>
    public ToolProvisioner Process(bool root = true, string? installSetting = null, TimeProvider? time = null) => new(new ToolHost(
        Locate,
        root,
        installSetting,
        Install,
        StateDirectory,
        message => Add(_notices, message),
        time ?? Time));

    public void Dispose() => Directory.Delete(StateDirectory, recursive: true);

    private string? Locate(ExternalTool tool)
    {
        lock (_gate)
        {
            return _installed.Contains(tool.Package) ? $"/usr/sbin/{tool.Name}" : null;
        }
    }

    private InstallAttempt Install(string package)
    {
        Add(_installs, package);
        var attempt = AptGet(package);
        if (attempt.Succeeded)
        {
            MarkInstalled(package);
        }

        return attempt;
    }

    private void Add(List<string> list, string item)
    {
        lock (_gate)
        {
            list.Add(item);
        }
    }

    private List<string> Snapshot(List<string> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
