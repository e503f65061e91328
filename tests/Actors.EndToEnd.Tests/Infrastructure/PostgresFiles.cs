using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the PostgreSQL server keeps on disk and hands out, read as someone with a copy of it
/// would: a plain pg_dump of a database, and the WAL segments written since an instant.
/// </summary>
public static class PostgresFiles
{
    /// <summary>A plain-SQL dump of <paramref name="database"/>, made by the server's own pg_dump over TLS.</summary>
    public static async Task<byte[]> DumpAsync(string database)
    {
        var connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES"));
        var start = new ProcessStartInfo(Path.Combine(Required("ACTORS_TEST_PG_BIN"), "pg_dump"),
            ["-h", "127.0.0.1", "-p", connection.Port.ToString(), "-U", "postgres", "-d", database])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGPASSWORD"] = connection.Password;
        using var dump = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = dump.StandardError.ReadToEndAsync();
        await dump.StandardOutput.BaseStream.CopyToAsync(output);
        await dump.WaitForExitAsync();
        Assert.True(dump.ExitCode == 0, $"pg_dump {database} failed: {await errors}");
        return output.ToArray();
    }

    /// <summary>The WAL segments modified at or after <paramref name="since"/>, their bytes concatenated.</summary>
    public static async Task<byte[]> WalSinceAsync(DateTime since)
    {
        var wal = new DirectoryInfo(Path.Combine(Required("ACTORS_TEST_PG_DATA"), "pg_wal"));
        using var all = new MemoryStream();
        foreach (var segment in wal.EnumerateFiles().Where(f => f.Name.Length == 24 && f.LastWriteTimeUtc >= since.AddSeconds(-2)))
        {
            await using var file = new FileStream(segment.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            await file.CopyToAsync(all);
        }
        return all.ToArray();
    }

    /// <summary>Whether <paramref name="bytes"/> hold <paramref name="value"/> as UTF-8, or as the hex a dump writes a bytea in.</summary>
    public static bool Holds(byte[] bytes, string value) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0
        || bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value)))) >= 0;

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests with ./actors test, which sets it");
}
