using PayRelay.LocalPostgres;

namespace PayRelay.Bench.Tests.Up;

public sealed class LocalPostgresTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("postmaster-pid-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void ReadPostmasterPid_PostgresFile_ThePidOnItsFirstLine()
    {
        // The layout PostgreSQL writes: pid, data directory, start time, port, socket directory, ...
        var file = Write("48213\n/tmp/payrelay-up-x/postgres/data\n1767300000\n25432\n/tmp/payrelay-up-x/postgres\n\n  5432001     32768\nready   \n");

        Assert.Equal(48213, LocalCluster.ReadPostmasterPid(file));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1\n/data\n")]
    [InlineData("postgres\n")]
    public void ReadPostmasterPid_NoPidOnTheFirstLine_SaysWhichFile(string content)
    {
        var file = Write(content);

        var error = Assert.Throws<InvalidOperationException>(() => LocalCluster.ReadPostmasterPid(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_directory.FullName, "postmaster.pid");
        File.WriteAllText(path, content);
        return path;
    }
}
