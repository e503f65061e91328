using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Actors.Silo.Audit;

namespace Actors.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_560);
    private static readonly AuditEntry Entry = new("shop", "k1", AuditOperations.ProfileRead, "abc", "", At);

    [Fact]
    public void The_hash_is_the_documented_encoding_of_a_known_entry()
    {
        // Computed apart from this code (Python hashlib over the length-prefixed fields of AuditChain's summary).
        var first = AuditChain.Hash(Entry, 1, AuditChain.Start);
        var second = AuditChain.Hash(new AuditEntry("shop", "operator", AuditOperations.KeyIssued, null, "k2", At), 2, first);

        Assert.Equal("c068815e3db9c6cf206f5592211273f767ae74578ac1d3409fa3708a1d4cd57c", Convert.ToHexStringLower(first));
        Assert.Equal("dc8773a458ba0f77e71ec6dbb874fe2cd30f581d93444ba46f6a733448d0e699", Convert.ToHexStringLower(second));
    }

    [Fact]
    public void Non_ascii_fields_are_encoded_as_utf8_with_their_byte_lengths()
    {
        // Computed apart from this code, as above: a length counts bytes, not characters.
        var hash = AuditChain.Hash(new AuditEntry("café-ünïcode", "clé", AuditOperations.ProfileRead, "ß", "prénom", At), 3, AuditChain.Start);

        Assert.Equal("4eab7a8546e0ca5df496a00f79f7db1840ee17bb176be19e3c165bec7b96b3d3", Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void The_signed_bytes_of_a_checkpoint_and_a_head_are_their_documented_encodings()
    {
        // Every stored signature covers these bytes: a change to them would fail every check of
        // an existing trail. SHA-256 of the bytes, computed apart from this code.
        var hash = AuditChain.Hash(Entry, 1, AuditChain.Start);

        var checkpoint = AuditChain.CheckpointBytes("shop", 7, hash, At);
        var head = AuditChain.HeadBytes("shop", 7, hash);
        var headOfNonAscii = AuditChain.HeadBytes("café", 7, hash);

        Assert.Equal((118, "3de831fc41e5f0a4dd6efe68b62eb8d12594fd7775165bf35039eb063d82674d"), (checkpoint.Length, Sha256(checkpoint)));
        Assert.Equal((96, "73f475c85e41d64c0402ff6c265f172270c681a9fcac8bae450c33badb5e60ae"), (head.Length, Sha256(head)));
        Assert.Equal("5eed9a93d22ebc1e36a56fdf967431460e1b2b3da5569dee0ec62d6d334cb434", Sha256(headOfNonAscii));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    public static TheoryData<string, AuditEntry> Changes() => new()
    {
        { "tenant", Entry with { TenantId = "shoq" } },
        { "actor", Entry with { Actor = "k2" } },
        { "operation", Entry with { Operation = AuditOperations.UserExported } },
        { "user reference", Entry with { UserReference = "abd" } },
        { "no user reference", Entry with { UserReference = null } },
        { "empty user reference", Entry with { UserReference = "" } },
        { "subject", Entry with { Subject = "email" } },
        { "time, by a microsecond", Entry with { At = At.AddTicks(10) } },
        { "a character moved from actor to operation", Entry with { Actor = "k", Operation = "1" + AuditOperations.ProfileRead } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_changed_field_changes_the_hash(string change, AuditEntry changed)
    {
        var (original, altered) = (AuditChain.Hash(Entry, 1, AuditChain.Start), AuditChain.Hash(changed, 1, AuditChain.Start));

        Assert.False(original.AsSpan().SequenceEqual(altered), $"changing the {change} left the hash as it was");
    }

    [Fact]
    public void The_seq_and_the_previous_hash_are_part_of_the_hash()
    {
        var hash = AuditChain.Hash(Entry, 1, AuditChain.Start);
        var otherPrevious = new byte[AuditChain.HashLength];
        otherPrevious[^1] = 1;

        Assert.NotEqual(hash, AuditChain.Hash(Entry, 2, AuditChain.Start));
        Assert.NotEqual(hash, AuditChain.Hash(Entry, 1, otherPrevious));
    }

    [Fact]
    public void Below_a_microsecond_a_time_is_what_PostgreSQL_stores_so_the_hash_reads_back_the_same()
    {
        var stored = AuditChain.Stored(At.AddTicks(9));

        Assert.Equal(At, stored);
        Assert.Equal(AuditChain.Hash(Entry, 1, AuditChain.Start), AuditChain.Hash(Entry with { At = At.AddTicks(9) }, 1, AuditChain.Start));
    }

    [Fact]
    public void A_checkpoint_signature_verifies_with_the_public_key_and_fails_for_another_cut()
    {
        using var key = new PlatformSigningKey(MasterKey.Parse(Convert.ToBase64String(new byte[32])));
        var hash = AuditChain.Hash(Entry, 7, AuditChain.Start);
        var signature = key.SignToBase64(AuditChain.CheckpointBytes("shop", 7, hash, At));

        Assert.True(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.CheckpointBytes("shop", 7, hash, At), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.CheckpointBytes("shop", 8, hash, At), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.CheckpointBytes("shoq", 7, hash, At), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.CheckpointBytes("shop", 7, hash, At.AddSeconds(1)), signature));
    }

    [Fact]
    public void A_head_signature_covers_tenant_seq_and_hash_and_is_not_a_checkpoint_signature()
    {
        using var key = new PlatformSigningKey(MasterKey.Parse(Convert.ToBase64String(new byte[32])));
        var hash = AuditChain.Hash(Entry, 7, AuditChain.Start);
        var signature = key.SignToBase64(AuditChain.HeadBytes("shop", 7, hash));

        Assert.True(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.HeadBytes("shop", 7, hash), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.HeadBytes("shop", 6, hash), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.HeadBytes("shoq", 7, hash), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.HeadBytes("shop", 7, AuditChain.Start), signature));
        Assert.False(PlatformSigningKey.Verify(key.PublicKeyPem, AuditChain.CheckpointBytes("shop", 7, hash, At), signature));
    }
}
