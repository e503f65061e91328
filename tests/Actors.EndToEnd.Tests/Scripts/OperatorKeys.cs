using System.Diagnostics;

namespace Actors.EndToEnd.Tests.Scripts;

/// <summary>
/// An operator's OpenPGP key pair made with Debian's gpg in a keyring of its own (GNUPGHOME):
/// backups are encrypted to its public part, and restored with its secret part.
/// </summary>
public sealed class OperatorKeys : IDisposable
{
    private OperatorKeys(string home) => Home = home;

    /// <summary>The keyring folder, for GNUPGHOME.</summary>
    public string Home { get; }

    /// <summary>The exported public key, for ACTORS_BACKUP_RECIPIENT.</summary>
    public string PublicKeyFile => Path.Combine(Home, "recipient.asc");

    public static async Task<OperatorKeys> CreateAsync(string name)
    {
        // Made 0700, as gpg wants; short, since gpg-agent's socket lives under it.
        var home = Directory.CreateTempSubdirectory("gpg").FullName;
        var keys = new OperatorKeys(home);
        await keys.GpgAsync("--batch", "--passphrase", "", "--quick-generate-key", $"{name} <{name}@example.com>", "default", "default", "never");
        await File.WriteAllTextAsync(keys.PublicKeyFile, await keys.GpgAsync("--export", "--armor", $"{name}@example.com"));
        return keys;
    }

    /// <summary>Encrypts <paramref name="input"/> to this key, into <paramref name="output"/>.</summary>
    public Task EncryptAsync(string input, string output) =>
        GpgAsync("--batch", "--yes", "--trust-model", "always", "--recipient-file", PublicKeyFile, "--encrypt", "--output", output, input);

    /// <summary>Decrypts <paramref name="input"/> with this key's secret part.</summary>
    public Task DecryptAsync(string input, string output) => GpgAsync("--batch", "--yes", "--decrypt", "--output", output, input);

    public void Dispose()
    {
        using var kill = Process.Start(new ProcessStartInfo("gpgconf", ["--kill", "gpg-agent"]) { Environment = { ["GNUPGHOME"] = Home } });
        kill?.WaitForExit(5000);
        Directory.Delete(Home, recursive: true);
    }

    private async Task<string> GpgAsync(params string[] args)
    {
        var start = new ProcessStartInfo("gpg", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["GNUPGHOME"] = Home;
        using var gpg = Process.Start(start)!;
        var output = gpg.StandardOutput.ReadToEndAsync();
        var errors = gpg.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gpg.WaitForExitAsync(limit.Token);
        Assert.True(gpg.ExitCode == 0, $"gpg {string.Join(' ', args)} failed: {await errors}");
        return await output;
    }
}
