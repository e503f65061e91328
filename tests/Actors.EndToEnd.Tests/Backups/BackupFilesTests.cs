using Actors.EndToEnd.Tests.Infrastructure;
using Actors.EndToEnd.Tests.Scripts;

namespace Actors.EndToEnd.Tests.Backups;

/// <summary>
/// The files of ./actors backup: deleted past the retention (at most a week), and refused by
/// ./actors restore when they are not ours, cut short, or encrypted to another key, with
/// nothing changed.
/// </summary>
public sealed class BackupFilesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private OperatorKeys _operator = null!;
    private OperatorKeys _stranger = null!;
    private readonly PlatformSecrets _secrets = new();
    private readonly string _backups = Directory.CreateTempSubdirectory("actors-backups").FullName;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithDataSchemaAsync();
        _operator = await OperatorKeys.CreateAsync("backups");
        _stranger = await OperatorKeys.CreateAsync("stranger");
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _operator.Dispose();
        _stranger.Dispose();
        Directory.Delete(_backups, recursive: true);
    }

    [Fact]
    public async Task Backups_older_than_the_retention_are_deleted_and_the_others_kept()
    {
        string Backup(string kind, string stamp) => Path.Combine(_backups, $"{_database.Name}-{kind}-{stamp}.pgdump.gpg");
        var old = new[] { Backup("data", "20261120T030000Z"), Backup("keys", "20261123T235959Z") };
        var recent = new[] { Backup("data", "20261128T030000Z"), Backup("ledger", "20261130T120000Z") };
        var unrelated = Path.Combine(_backups, "notes.txt");
        foreach (var file in old.Concat(recent).Append(unrelated))
        {
            await File.WriteAllTextAsync(file, "x");
        }
        var environment = new Dictionary<string, string>(Environment()) { ["ACTORS_BACKUP_NOW"] = "2026-12-01T00:00:00Z" };

        var (exit, output) = await ActorsScript.RunAsync(environment, "backup", "--prune");

        Assert.True(exit == 0, output);
        Assert.All(old, file => Assert.False(File.Exists(file), $"{file} outlived the retention"));
        Assert.All(recent.Append(unrelated), file => Assert.True(File.Exists(file), $"{file} was deleted"));
        Assert.Contains("2 kept, 2 deleted (retention 7 days)", output);
        Assert.Contains($"deleted {Path.GetFileName(old[0])}", output);
        var (longer, refusal) = await ActorsScript.RunAsync(new Dictionary<string, string>(environment) { ["ACTORS_BACKUP_RETENTION_DAYS"] = "30" }, "backup", "--prune");
        Assert.NotEqual(0, longer);
        Assert.Contains("kept at most one week", refusal);
        Assert.All(recent, file => Assert.True(File.Exists(file)));
    }

    [Fact]
    public async Task A_file_that_is_not_ours_cut_short_or_encrypted_to_another_key_is_refused_and_nothing_changes()
    {
        var (exit, output) = await ActorsScript.RunAsync(Environment(), "backup");
        Assert.True(exit == 0, output);
        var backup = Assert.Single(Directory.GetFiles(_backups, "*-data-*.pgdump.gpg"));
        var files = Directory.CreateTempSubdirectory("actors-bad-backups").FullName;
        var junk = Path.Combine(files, "junk.pgdump.gpg");
        // Text, not random bytes: random bytes now and then open like an OpenPGP packet, and gpg then calls them damaged.
        await File.WriteAllTextAsync(junk, string.Concat(Enumerable.Repeat("This file is not a backup.\n", 200)));
        var truncated = Path.Combine(files, "truncated.pgdump.gpg");
        var whole = await File.ReadAllBytesAsync(backup);
        await File.WriteAllBytesAsync(truncated, whole[..(whole.Length / 2)]);
        var archive = Path.Combine(files, "archive");
        await _operator.DecryptAsync(backup, archive);
        var otherKey = Path.Combine(files, "other-key.pgdump.gpg");
        await _stranger.EncryptAsync(archive, otherKey);
        var notOurs = Path.Combine(files, "not-ours.pgdump.gpg");
        var text = Path.Combine(files, "text");
        await File.WriteAllTextAsync(text, "a file, encrypted to the operator, that is no database backup");
        await _operator.EncryptAsync(text, notOurs);
        var restored = _database.Name + "_r";

        var refusals = new[]
        {
            (junk, "it is not an Actors backup"),
            (truncated, "it is damaged or truncated"),
            (otherKey, "it is encrypted to a key this machine's keyring does not hold"),
            (notOurs, "it decrypts, but is not a backup of an Actors database"),
        };
        try
        {
            foreach (var (file, reason) in refusals)
            {
                var (refused, said) = await ActorsScript.RunAsync(Environment(), "restore", file, "--into", restored);
                Assert.True(refused != 0, $"{file} was restored:\n{said}");
                Assert.True(said.Contains($"cannot restore {file}: {reason}") && said.Contains("nothing was changed"), said);
                Assert.Empty(await _database.DatabasesStartingWithAsync(restored));
            }
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    private Dictionary<string, string> Environment() => BackupScript.Environment(_database, _secrets, _operator, _backups);
}
