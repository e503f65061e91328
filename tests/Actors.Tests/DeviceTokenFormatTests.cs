using System.Security.Cryptography;
using Actors.Abstractions.Security;
using Actors.Api.DeviceTokens;

namespace Actors.Tests;

public sealed class DeviceTokenFormatTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private readonly DeviceTokenSigner _signer = new(MasterKey.Parse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    private DeviceTokenClaims Claims(string tenant = "acme") =>
        new(tenant, "ref-of-user-42", Generation: 3, DeviceActions.Events | DeviceActions.Forget, IssuedAt, IssuedAt.AddHours(24));

    [Fact]
    public void A_token_verifies_for_its_tenant_and_gives_back_its_claims()
    {
        var token = _signer.Issue(Claims());

        Assert.StartsWith("adt1.", token);
        Assert.Equal(Claims(), _signer.Verify(token, "acme", out var refusal));
        Assert.Null(refusal);
    }

    [Fact]
    public void Any_changed_character_breaks_the_token()
    {
        var token = _signer.Issue(Claims());
        for (var i = DeviceTokenFormat.Prefix.Length; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }
            var altered = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Null(_signer.Verify(altered, "acme", out var refusal));
            Assert.NotNull(refusal);
        }
    }

    [Fact]
    public void A_token_of_another_tenant_or_another_platform_is_refused()
    {
        var other = new DeviceTokenSigner(MasterKey.Parse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

        Assert.Null(_signer.Verify(_signer.Issue(Claims("globex")), "acme", out var tenantRefusal));
        Assert.Contains("another tenant", tenantRefusal);
        Assert.Null(_signer.Verify(other.Issue(Claims()), "acme", out var platformRefusal));
        Assert.Contains("does not verify", platformRefusal);
        Assert.Null(_signer.Verify("adt1.e30.AAAA", "acme", out var emptyRefusal));
        Assert.Contains("not a device token", emptyRefusal);
    }
}
