using System.Collections.Immutable;
using System.Security.Cryptography;
using Actors.Abstractions.Security;
using Actors.Abstractions.Users;
using Actors.Grains.Keys;
using Actors.Grains.RawEvents;

namespace Actors.Tests;

public sealed class EnvelopeEncryptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly ObservedEvent Purchase =
        new("purchase", Now, ImmutableDictionary<string, string>.Empty.Add("sku", "A-1"), "NL");

    [Fact]
    public void A_sealed_event_opens_with_its_key_and_keeps_name_properties_and_country()
    {
        var key = NewKey();
        // Times as PostgreSQL returns them (microseconds) open what was sealed with 100 ns ticks.
        var precise = Purchase with { OccurredAt = Now.AddTicks(7) };
        var roundTripped = EventSealing.Seal("acme", "ref1", key, [precise], Now.AddTicks(3))[0];
        Assert.Equal("purchase", EventSealing.Open(roundTripped with { OccurredAt = Now, ReceivedAt = Now }, key).Name);
        var stored = EventSealing.Seal("acme", "ref1", key, [Purchase], Now.AddSeconds(1))[0];

        var opened = EventSealing.Open(stored, key);

        Assert.Equal(("purchase", "A-1", "NL", Now, Now.AddSeconds(1)),
            (opened.Name, opened.Properties["sku"], opened.Country, opened.OccurredAt, opened.ReceivedAt));
        Assert.Equal(-1, stored.Payload.AsSpan().IndexOf("purchase"u8));
    }

    [Fact]
    public void A_sealed_event_does_not_open_with_another_key_or_as_another_users_row()
    {
        var key = NewKey();
        var stored = EventSealing.Seal("acme", "ref1", key, [Purchase], Now)[0];

        Assert.ThrowsAny<CryptographicException>(() => EventSealing.Open(stored, NewKey()));
        Assert.ThrowsAny<CryptographicException>(() => EventSealing.Open(stored with { UserReference = "ref2" }, key));
        Assert.ThrowsAny<CryptographicException>(() => EventSealing.Open(stored with { TenantId = "globex" }, key));
        Assert.ThrowsAny<CryptographicException>(() => EventSealing.Open(stored with { OccurredAt = stored.OccurredAt.AddDays(30) }, key));
        Assert.ThrowsAny<CryptographicException>(() => EventSealing.Open(stored with { ReceivedAt = stored.ReceivedAt.AddSeconds(1) }, key));
        var tampered = stored.Payload.ToArray();
        tampered[0] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => EventSealing.Open(stored with { Payload = tampered }, key));
    }

    [Fact]
    public void Tenant_keys_differ_by_use_and_tenant_and_a_short_master_key_is_refused()
    {
        var master = MasterKey.Parse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var wrapping = master.DeriveTenantKey(TenantKeyUse.KeyEncryption, "acme");

        Assert.NotEqual(wrapping, master.DeriveTenantKey(TenantKeyUse.UserReference, "acme"));
        Assert.NotEqual(wrapping, master.DeriveTenantKey(TenantKeyUse.KeyEncryption, "globex"));
        Assert.Equal(wrapping, master.DeriveTenantKey(TenantKeyUse.KeyEncryption, "acme"));
        Assert.Throws<InvalidOperationException>(() => MasterKey.Parse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
        Assert.Throws<InvalidOperationException>(() => MasterKey.Parse("not base64!"));
    }

    private static UserDataKey NewKey() => new(Guid.NewGuid(), RandomNumberGenerator.GetBytes(32));
}
