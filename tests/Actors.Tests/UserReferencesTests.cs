using System.Security.Cryptography;
using Actors.Api;
using Actors.Api.Users;
using Microsoft.Extensions.Options;

namespace Actors.Tests;

public sealed class UserReferencesTests
{
    private static UserReferences With(byte[] key) =>
        new(Options.Create(new GatewayOptions { MasterKey = Convert.ToBase64String(key) }));

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

    [Fact]
    public void A_short_master_key_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => With(RandomNumberGenerator.GetBytes(16)));
    }
}
