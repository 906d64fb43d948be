using System.Diagnostics;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;

namespace PayRelay.Server.Tests.Storage.Postgres;

/// <summary>
/// Nothing of PostgreSQL loads without <c>STORE=postgres</c>. Each case runs the real executable in a process of its own
/// (this test process loads Npgsql for the other tests) and reads the assemblies it mapped from <c>/proc/PID/maps</c>
/// after it has served a payment and a summary; the PostgreSQL case shows that the check does see Npgsql when it is there.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NpgsqlLoadingTests(PostgresFixture postgres)
{
    [SkippableFact]
    public async Task DefaultStore_ServingPayments_NeverLoadsNpgsql()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc");

        var mapped = await MappedAfterTrafficAsync([]);

        Assert.Contains(mapped, path => path.EndsWith("/PayRelay.Server.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(mapped, path => path.Contains("Npgsql", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public async Task PostgresStore_ServingPayments_LoadsNpgsql()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "reads /proc");
        var connectionString = await postgres.NewDatabaseAsync();

        var mapped = await MappedAfterTrafficAsync([("STORE", "postgres"), ("POSTGRES_URL", connectionString)]);

        Assert.Contains(mapped, path => path.EndsWith("/Npgsql.dll", StringComparison.Ordinal));
    }

    private static async Task<string[]> MappedAfterTrafficAsync((string Name, string Value)[] environment)
    {
        var directory = Directory.CreateTempSubdirectory("payrelay-load-");
        var socket = Path.Combine(directory.FullName, "api.sock");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PayRelay.Server.dll"), "--urls", "http://unix:" + socket })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["INSTANCE_ID"] = "api1";
        info.Environment["DEFAULT_PROCESSOR_URL"] = "http://127.0.0.1:9";
        info.Environment["FALLBACK_PROCESSOR_URL"] = "http://127.0.0.1:9";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await Eventually.HoldsAsync(() => File.Exists(socket) || process.HasExited, "the server to listen", TimeSpan.FromSeconds(60));
            if (process.HasExited)
            {
                Assert.Fail($"the server exited: {await stderr}");
            }

            using var client = UnixSocketHttp.Client(socket);
            using var body = new StringContent($$"""{"correlationId":"{{Guid.NewGuid()}}","amount":19.90}""", System.Text.Encoding.UTF8, "application/json");
            Assert.Equal(202, (int)(await client.PostAsync("payments", body)).StatusCode);
            Assert.Equal(200, (int)(await client.GetAsync("payments-summary")).StatusCode);
            return [.. (await File.ReadAllLinesAsync($"/proc/{process.Id}/maps"))
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6)
                .Select(fields => fields[5])
                .Distinct()];
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }
}
