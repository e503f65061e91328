using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Actors.Abstractions.Security;
using Actors.Api.Users;

namespace Actors.Tests;

public sealed class UserReferencesTests
{
    private static UserReferences With(byte[] key) =>
        new(MasterKey.Parse(Convert.ToBase64String(key)));

    [Fact]
    public void A_reference_is_the_HMAC_of_the_user_id_under_the_tenants_derived_key()
    {
        // Grain keys are built from references: a change of derivation would orphan every stored user.
        var key = RandomNumberGenerator.GetBytes(32);
        var tenantKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, [], Encoding.UTF8.GetBytes("actors/user-reference/v1/acme"));

        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(tenantKey, Encoding.UTF8.GetBytes("ada@example.com")));

        Assert.Equal(expected, With(key).For("acme", "ada@example.com"));
    }

    [Fact]
    public void A_reference_is_stable_and_reveals_nothing_of_the_user_id()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        var first = With(key).For("acme", "ada@example.com");

        Assert.Equal(first, With(key).For("acme", "ada@example.com"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first);
        Assert.DoesNotContain("ada", first);
    }

    [Fact]
    public void References_differ_between_tenants_users_and_master_keys()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var references = With(key);

        var reference = references.For("acme", "ada");

        Assert.NotEqual(reference, references.For("globex", "ada"));
        Assert.NotEqual(reference, references.For("acme", "ada2"));
        Assert.NotEqual(reference, With(RandomNumberGenerator.GetBytes(32)).For("acme", "ada"));
    }
}
