using Actors.Abstractions.Tenants;

namespace Actors.Tests;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void A_formatted_key_parses_back_into_its_parts()
    {
        var secret = ApiKeyFormat.NewSecret();
        var key = ApiKeyFormat.Format("acme", "0123456789ab", secret);

        Assert.True(ApiKeyFormat.TryParse(key, out var tenant, out var keyId, out var parsedSecret));
        Assert.Equal(("acme", "0123456789ab", secret), (tenant, keyId, parsedSecret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ak.acme.id")]
    [InlineData("xx.acme.id.secret")]
    [InlineData("ak.acme.id.secret.extra")]
    [InlineData("ak..id.secret")]
    [InlineData("ak.acme.not-hex-id!.secret")]
    [InlineData("ak.acme.0123456789AB.secret")]
    [InlineData("ak.Acme.0123456789ab.secret")]
    public void Malformed_keys_do_not_parse(string? key) =>
        Assert.False(ApiKeyFormat.TryParse(key, out _, out _, out _));

    [Fact]
    public void Secrets_are_random_and_url_safe()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => ApiKeyFormat.NewSecret()).ToArray();

        Assert.Equal(100, secrets.Distinct().Count());
        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]{43}$", s));
    }

    [Fact]
    public void The_hash_depends_on_every_character_of_the_secret()
    {
        Assert.NotEqual(ApiKeyFormat.HashSecret("secretA"), ApiKeyFormat.HashSecret("secretB"));
        Assert.Equal(32, ApiKeyFormat.HashSecret("s").Length);
    }
}
