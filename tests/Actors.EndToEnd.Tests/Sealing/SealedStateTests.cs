using Actors.Abstractions.Users;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Silo.Storage;

using Grpc.Core;
using Npgsql;

namespace Actors.EndToEnd.Tests.Sealing;

/// <summary>
/// A user's state row as PostgreSQL holds it: sealed under the user's key, so that a dump taken
/// before a forget is shredded by it; refused when altered or copied onto another user; and
/// sealed by the next write when an earlier version stored it in clear.
/// </summary>
public sealed class SealedStateTests(SealingPlatform fixture) : IClassFixture<SealingPlatform>
{
    [Fact]
    public async Task A_dump_taken_before_a_forget_opens_with_the_master_key_before_and_not_after()
    {
        using var tenant = await TestTenant.CreateAsync(fixture.Platform);
        var (forgotten, kept, marker, keptMarker) = (TestTenant.NewUserId(), TestTenant.NewUserId(), TestTenant.NewMarker(), TestTenant.NewMarker());
        await tenant.Server.UpsertAttributesAsync(forgotten, new Dictionary<string, string> { ["email"] = $"{marker}@example.com" });
        await tenant.Server.GrantConsentAsync(forgotten, "marketing", V1.LawfulBasis.Consent, $"source-{marker}", "v1");
        await tenant.Server.UpsertAttributesAsync(kept, new Dictionary<string, string> { ["email"] = $"{keptMarker}@example.com" });
        await using var store = new RawEventStore(fixture.Database, fixture.Platform.Secrets);
        var reference = store.ReferenceOf(tenant.Id, forgotten);
        var dump = await SealedRows.DumpAsync(fixture.Database);
        var before = await SealedRows.OpenAsync(fixture.Database, fixture.Platform.Secrets, dump);
        Assert.Contains(before, o => o.Row.UserReference == reference && o.Plaintext.Contains(marker)); // the check can succeed

        await tenant.Server.ForgetAsync(forgotten);

        var after = await SealedRows.OpenAsync(fixture.Database, fixture.Platform.Secrets, dump);
        Assert.DoesNotContain(after, o => o.Row.UserReference == reference);
        Assert.Contains(after, o => o.Plaintext.Contains(keptMarker));
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, marker, fixture.Platform.Secrets));
    }

    [Fact]
    public async Task A_tampered_row_or_a_row_copied_onto_another_user_is_refused_and_no_other_user_is_affected()
    {
        using var tenant = await TestTenant.CreateAsync(fixture.Platform);
        var (tampered, source, target, bystander) = (TestTenant.NewUserId(), TestTenant.NewUserId(), TestTenant.NewUserId(), TestTenant.NewUserId());
        foreach (var user in new[] { tampered, source, target, bystander })
        {
            await tenant.Server.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = $"city of {user}" });
        }
        await using var store = new RawEventStore(fixture.Database, fixture.Platform.Secrets);
        string GrainOf(string user) => $"user/{UserGrainKey.For(tenant.Id, store.ReferenceOf(tenant.Id, user))}";
        // Stopped, so that every grain reads its row again.
        await fixture.Platform.StopAsync();
        await using (var connection = await fixture.Database.OpenAsync())
        {
            await Sql(connection, "UPDATE actors_grain_state SET payload = set_byte(payload, 20, get_byte(payload, 20) # 1) WHERE grain_id = $1", GrainOf(tampered));
            await Sql(connection, """
                UPDATE actors_grain_state t SET payload = s.payload, key_id = s.key_id, nonce = s.nonce, version = s.version
                FROM actors_grain_state s WHERE t.grain_id = $1 AND s.grain_id = $2 AND t.state_name = s.state_name
                """, GrainOf(target), GrainOf(source));
        }
        var rowsBefore = await RowDigestsAsync(GrainOf(tampered), GrainOf(target));
        await fixture.Platform.StartAsync();

        var refused = await Expect.RefusedAsync(StatusCode.DataLoss, () => tenant.Server.GetProfileAsync(tampered));
        Assert.Contains("does not open under its key", refused.Detail);
        await Expect.RefusedAsync(StatusCode.DataLoss, () => tenant.Server.GetProfileAsync(target));
        await Expect.RefusedAsync(StatusCode.DataLoss,
            () => tenant.Server.UpsertAttributesAsync(tampered, new Dictionary<string, string> { ["city"] = "overwritten" }));

        Assert.Equal($"city of {source}", Assert.Single((await tenant.Server.GetProfileAsync(source)).Attributes).Value);
        Assert.Equal($"city of {bystander}", Assert.Single((await tenant.Server.GetProfileAsync(bystander)).Attributes).Value);
        Assert.Equal(rowsBefore, await RowDigestsAsync(GrainOf(tampered), GrainOf(target))); // the refused rows are kept as found, for the operator
        Assert.Contains("does not open under its key", fixture.Logs.Text);
    }

    [Fact]
    public async Task A_row_an_earlier_version_stored_in_clear_is_read_and_sealed_by_its_next_write()
    {
        using var tenant = await TestTenant.CreateAsync(fixture.Platform);
        var (userId, marker) = (TestTenant.NewUserId(), TestTenant.NewMarker());
        await using var store = new RawEventStore(fixture.Database, fixture.Platform.Secrets);
        var grainId = $"user/{UserGrainKey.For(tenant.Id, store.ReferenceOf(tenant.Id, userId))}";
        var now = DateTimeOffset.UtcNow;
        var earlier = new UserState
        {
            CreatedAt = now, UpdatedAt = now, LastActivityAt = now, Version = 1,
            Attributes = UserAttributes.From([new StoredAttribute("email", $"{marker}@example.com", "account", now, 0)]),
        };
        await using (var connection = await fixture.Database.OpenAsync())
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO actors_grain_state (service_id, grain_id, state_name, version, payload, modified_on) VALUES ('actors', $1, 'user', 1, $2, now())", connection);
            insert.Parameters.Add(new() { Value = grainId });
            insert.Parameters.Add(new() { Value = new JsonGrainStateSerializer().Serialize(earlier).ToArray() });
            await insert.ExecuteNonQueryAsync();
        }
        Assert.NotEmpty(await DatabaseSearch.FindAsync(fixture.Database, marker)); // in clear, as it was written

        Assert.Equal($"{marker}@example.com", Assert.Single((await tenant.Server.GetProfileAsync(userId)).Attributes).Value);
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Utrecht" });

        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, marker));
        Assert.Contains(await DatabaseSearch.FindAsync(fixture.Database, marker, fixture.Platform.Secrets), hit => hit.StartsWith("actors_grain_state"));
        Assert.Equal(2, (await tenant.Server.GetProfileAsync(userId)).Attributes.Count);
    }

    private async Task<List<string>> RowDigestsAsync(params string[] grainIds)
    {
        await using var connection = await fixture.Database.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT grain_id || ':' || version || ':' || md5(payload) FROM actors_grain_state WHERE grain_id = ANY($1) ORDER BY grain_id", connection);
        select.Parameters.Add(new() { Value = grainIds });
        var digests = new List<string>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            digests.Add(reader.GetString(0));
        }
        Assert.Equal(grainIds.Length, digests.Count);
        return digests;
    }

    private static async Task Sql(NpgsqlConnection connection, string sql, params string[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
