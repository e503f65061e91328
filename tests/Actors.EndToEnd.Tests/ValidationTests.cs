using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Actors.EndToEnd.Tests;

/// <summary>Every limit is refused with INVALID_ARGUMENT naming the field, and nothing stored changes.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ValidationTests(PlatformFixture fixture)
{
    public static TheoryData<string, string> BadUserIds => new()
    {
        { "", "is required" },
        { new string('u', 257), "257 UTF-8 bytes" },
        { new string('é', 129), "258 UTF-8 bytes" },
        { "user\u0000id", "control character U+0000" },
        { "user\nid", "control character U+000A" },
        { "user\uFFFDid", "not valid UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BadUserIds))]
    public async Task Bad_user_ids_are_refused_on_every_service(string userId, string expected)
    {
        using var tenant = await fixture.CreateTenantAsync();
        var attributes = new Dictionary<string, string> { ["name"] = "x" };
        var calls = new Func<Task>[]
        {
            () => tenant.Server.GetProfileAsync(userId),
            () => tenant.Server.UpsertAttributesAsync(userId, attributes),
            () => tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", "v1"),
            () => tenant.Server.ExportAsync(userId),
            () => tenant.Device.ForgetAsync(userId),
            () => tenant.Device.SuppressAsync(userId, "r"),
        };
        foreach (var call in calls)
        {
            var refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument, call);
            Assert.Equal("user_id", Assert.Single(refusal.FieldViolations).Field);
            Assert.Contains(expected, refusal.Detail);
        }
    }

    [Fact]
    public async Task The_longest_user_id_allowed_is_accepted()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = new string('u', 256);

        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Long" });

        Assert.Equal(userId, (await tenant.Server.GetProfileAsync(userId)).UserId);
    }

    [Fact]
    public async Task Refused_writes_leave_everything_stored_unchanged()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Stable", ["city"] = "Bonn" });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", "v1");
        var stored = await DatabaseDigest.ComputeAsync(fixture.Database);

        var refusals = new (string Field, Func<Task> Call)[]
        {
            ("attributes[\"shoe_size\"]", () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Changed", ["shoe_size"] = "44" })),
            ("attributes[\"name\"]", () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Köln", ["name"] = new string('n', 4097) })),
            ("attributes[\"name\"]", () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "bell\u0007" })),
            ("attributes", () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string>())),
            ("attributes", () => tenant.Server.UpsertAttributesAsync(userId, Enumerable.Range(0, 101).ToDictionary(i => $"a{i}", _ => "v"))),
            ("value", () => tenant.Server.RectifyAttributeAsync(userId, "city", new string('c', 4097), "long")),
            ("reason", () => tenant.Server.RectifyAttributeAsync(userId, "city", "Köln", new string('r', 513))),
            ("name", () => tenant.Server.RectifyAttributeAsync(userId, "undeclared", "x", "r")),
            ("name", () => tenant.Server.DeleteAttributeAsync(userId, "Not A Name")),
            ("purpose", () => tenant.Server.WithdrawConsentAsync(userId, "unknown_purpose", "web", "v1")),
            ("source", () => tenant.Server.WithdrawConsentAsync(userId, "marketing", "", "v1")),
            ("source", () => tenant.Server.WithdrawConsentAsync(userId, "marketing", new string('s', 257), "v1")),
            ("policy_version", () => tenant.Server.WithdrawConsentAsync(userId, "marketing", "web", new string('p', 65))),
            ("reason", () => tenant.Server.SuppressAsync(userId, new string('r', 513))),
            ("history_limit", () => tenant.Server.GetConsentsAsync(userId, historyLimit: 101)),
        };
        foreach (var (field, call) in refusals)
        {
            var refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument, call);
            Assert.True(field == Assert.Single(refusal.FieldViolations).Field, $"expected field {field}: {refusal.Detail}");
            Assert.StartsWith(field + ": ", refusal.Detail);
        }

        Assert.Equal(stored, await DatabaseDigest.ComputeAsync(fixture.Database));
        var profile = await tenant.Server.GetProfileAsync(userId);
        Assert.Equal([("city", "Bonn"), ("name", "Stable")], profile.Attributes.Select(a => (a.Name, a.Value)));
        Assert.Equal(2, profile.Version);
    }

    [Fact]
    public async Task A_user_holds_at_most_one_hundred_attributes()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin();
        await admin.DeclareAttributesAsync(tenant.Id, Enumerable.Range(0, 101).Select(i => new AttributeDeclaration { Name = $"a{i}", Purpose = "account" }));
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, Enumerable.Range(0, 100).ToDictionary(i => $"a{i}", i => $"v{i}"));
        var stored = await DatabaseDigest.ComputeAsync(fixture.Database);

        var refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["a100"] = "one too many" }));

        Assert.Contains("at most 100 attributes", refusal.Detail);
        Assert.Equal("attributes", Assert.Single(refusal.FieldViolations).Field);
        Assert.Equal(stored, await DatabaseDigest.ComputeAsync(fixture.Database));
        Assert.Equal(100, (await tenant.Server.GetProfileAsync(userId)).Attributes.Count);
    }

    [Fact]
    public async Task Invalid_UTF8_on_the_wire_is_refused_as_invalid_argument()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var channel = TestTls.Channel(fixture.Platform.Address);
        var raw = new Method<byte[], byte[]>(MethodType.Unary, "actors.v1.Profiles", "GetProfile",
            Marshallers.Create(bytes => bytes, bytes => bytes), Marshallers.Create(bytes => bytes, bytes => bytes));
        // Field 1 (user_id), length 4: "ab", then 0xC3 0x28, which is not UTF-8.
        byte[] request = [0x0A, 0x04, (byte)'a', (byte)'b', 0xC3, 0x28];

        var refusal = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker()
            .AsyncUnaryCall(raw, null, new CallOptions(new Metadata { { "x-api-key", tenant.ServerKey.ApiKey } }), request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Contains("UTF-8", refusal.Status.Detail);
    }
}
