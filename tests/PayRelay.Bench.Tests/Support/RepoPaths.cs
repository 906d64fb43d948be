namespace PayRelay.Bench.Tests.Support;

/// <summary>The repository this test run comes from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    /// <summary>The bench executable, built in Release next to its project by the test project's build.</summary>
    public static string BenchDll => Path.Combine(Root, "src", "PayRelay.Bench", "bin", "Release", "net10.0", "PayRelay.Bench.dll");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PayRelay.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the tests run outside the PayRelay repository");
    }
}
