using System.Collections.Immutable;
using System.Text;
using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;
using Actors.Silo.Storage;

namespace Actors.Tests;

public sealed class JsonGrainStateSerializerTests
{
    private readonly JsonGrainStateSerializer _serializer = new();

    [Fact]
    public void A_user_state_survives_the_round_trip_through_storage()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var consent = new ConsentRecord("marketing", true, LawfulBasis.Consent, "web", "v1", now, now);
        var state = new UserState
        {
            CreatedAt = now,
            UpdatedAt = now,
            Version = 7,
            Attributes = UserAttributes.From([new StoredAttribute("email", "a@example.com", "account", now, 2)]),
            Consents = ImmutableDictionary<string, ConsentRecord>.Empty.Add("marketing", consent),
            ConsentHistory = [consent],
            Suppression = new Suppression(now, "asked"),
        };

        var back = _serializer.Deserialize<UserState>(_serializer.Serialize(state))!;

        Assert.Equal(state.Version, back.Version);
        Assert.Equal(state.Attributes.Find("email"), back.Attributes.Find("email"));
        Assert.Equal(consent, back.Consents["marketing"]);
        Assert.Equal([consent], back.ConsentHistory);
        Assert.Equal(state.Suppression, back.Suppression);
        Assert.Null(back.Erasure);
    }

    [Fact]
    public void Stored_state_holds_no_clr_type_names()
    {
        var tenant = new TenantState { CreatedAt = DateTimeOffset.UnixEpoch, DisplayName = "Acme" };

        var json = Encoding.UTF8.GetString(_serializer.Serialize(tenant).ToArray());

        Assert.DoesNotContain("Actors.", json);
        Assert.DoesNotContain("$type", json);
        Assert.Contains("\"displayName\":\"Acme\"", json);
    }

    [Fact]
    public void A_tombstone_round_trips_as_erased()
    {
        var tombstone = new UserState { Version = 3, Erasure = new Erasure(DateTimeOffset.UnixEpoch, 2, 1) };

        var back = _serializer.Deserialize<UserState>(_serializer.Serialize(tombstone))!;

        Assert.True(back.IsErased);
        Assert.False(back.Exists);
        Assert.Empty(back.Attributes);
    }
}
