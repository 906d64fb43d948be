using PayRelay.Bench.Up;

namespace PayRelay.Bench.Tests.Up;

/// <summary>What <c>up</c> does about a missing balancer, through the seam: nothing is installed for real.</summary>
public sealed class DependenciesTests
{
    private readonly List<string> _aptGet = [];
    private readonly HashSet<string> _installed = [];
    private readonly StringWriter _console = new();

    [Fact]
    public async Task Require_Installed_UsesItAndInstallsNothing()
    {
        _installed.Add("haproxy");

        var path = await Dependencies(isRoot: true).RequireAsync("haproxy", noInstall: false, CancellationToken.None);

        Assert.Equal("/usr/sbin/haproxy", path);
        Assert.Empty(_aptGet);
    }

    [Theory]
    [InlineData("haproxy", "haproxy")]
    [InlineData("nginx", "nginx-light")]
    public async Task Require_MissingAsRoot_InstallsThePackageWithAptGetAndSaysSo(string balancer, string package)
    {
        var path = await Dependencies(isRoot: true).RequireAsync(balancer, noInstall: false, CancellationToken.None);

        Assert.Equal("/usr/sbin/" + balancer, path);
        Assert.Equal(["update -qq", $"install -y -qq --no-install-recommends {package}"], _aptGet);
        Assert.Contains($"installing the Debian package {package} with apt-get", _console.ToString(), StringComparison.Ordinal);
        Assert.Contains("--no-install", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Require_MissingNotRoot_StopsAtOnceNamingTheOneCommand()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Dependencies(isRoot: false).RequireAsync("haproxy", noInstall: false, CancellationToken.None));

        Assert.Contains("haproxy is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("`sudo scripts/install-deps.sh`", error.Message, StringComparison.Ordinal);
        Assert.Empty(_aptGet);
    }

    [Fact]
    public async Task Require_MissingWithNoInstall_StopsEvenAsRoot()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Dependencies(isRoot: true).RequireAsync("nginx", noInstall: true, CancellationToken.None));

        Assert.Contains("nginx is not installed and --no-install", error.Message, StringComparison.Ordinal);
        Assert.Contains("`sudo scripts/install-deps.sh`", error.Message, StringComparison.Ordinal);
        Assert.Empty(_aptGet);
    }

    [Fact]
    public async Task Require_StillMissingAfterInstalling_SaysSo()
    {
        var dependencies = new Dependencies(_ => null, true, (_, _) => Task.CompletedTask, _console);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => dependencies.RequireAsync("haproxy", noInstall: false, CancellationToken.None));

        Assert.Contains("apt-get installed haproxy but haproxy is still not found", error.Message, StringComparison.Ordinal);
    }

    private Dependencies Dependencies(bool isRoot) => new(
        name => _installed.Contains(name) ? "/usr/sbin/" + name : null,
        isRoot,
        (arguments, _) =>
        {
            _aptGet.Add(string.Join(' ', arguments));
            if (arguments[0] == "install")
            {
                _installed.Add(arguments[^1] == "nginx-light" ? "nginx" : arguments[^1]);
            }

            return Task.CompletedTask;
        },
        _console);
}
