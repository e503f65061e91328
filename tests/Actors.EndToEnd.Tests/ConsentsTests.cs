using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ConsentsTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Grant_then_withdraw_records_current_state_and_history_newest_first()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var grantedAt = DateTimeOffset.UtcNow.AddHours(-2);

        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "ios-app/onboarding", "2026-01", grantedAt);
        await tenant.Server.GrantConsentAsync(userId, "account", LawfulBasis.Contract, "web/signup", "2026-01");
        await tenant.Server.WithdrawConsentAsync(userId, "marketing", "ios-app/settings", "2026-02");
        var consents = await tenant.Server.GetConsentsAsync(userId);

        Assert.Equal([("account", true), ("marketing", false)], consents.Current.Select(c => (c.Purpose, c.Granted)));
        var marketing = consents.Current[1];
        Assert.Equal(LawfulBasis.Consent, marketing.LawfulBasis); // a withdrawal keeps the basis it withdraws from
        Assert.Equal("ios-app/settings", marketing.Source);
        Assert.Equal("2026-02", marketing.PolicyVersion);
        Assert.Equal(
            [("marketing", false), ("account", true), ("marketing", true)],
            consents.History.Select(c => (c.Purpose, c.Granted)));
        Assert.Equal(grantedAt.ToUnixTimeMilliseconds(), consents.History[2].OccurredAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(3, consents.Version);
    }

    [Fact]
    public async Task History_is_bounded_and_the_limit_is_honoured()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        for (var i = 0; i < 105; i++)
        {
            await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", $"v{i}");
        }

        var all = await tenant.Server.GetConsentsAsync(userId, historyLimit: 100);
        var few = await tenant.Server.GetConsentsAsync(userId, historyLimit: 3);

        Assert.Equal(100, all.History.Count);
        Assert.Equal("v104", all.History[0].PolicyVersion);
        Assert.Equal("v5", all.History[99].PolicyVersion);
        Assert.Equal(["v104", "v103", "v102"], few.History.Select(c => c.PolicyVersion));
        Assert.Equal(20, (await tenant.Server.GetConsentsAsync(userId)).History.Count);
    }

    [Fact]
    public async Task A_grant_needs_a_declared_purpose_and_a_lawful_basis()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();

        var purpose = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => tenant.Server.GrantConsentAsync(userId, "profiling", LawfulBasis.Consent, "web", "v1"));
        var basis = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Unspecified, "web", "v1"));
        var future = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", "v1", DateTimeOffset.UtcNow.AddHours(1)));

        Assert.Equal("purpose", Assert.Single(purpose.FieldViolations).Field);
        Assert.Contains("profiling", purpose.Detail);
        Assert.Equal("lawful_basis", Assert.Single(basis.FieldViolations).Field);
        Assert.Equal("occurred_at", Assert.Single(future.FieldViolations).Field);
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetConsentsAsync(userId));
    }

    [Fact]
    public async Task A_decision_imported_late_does_not_override_a_newer_one()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.WithdrawConsentAsync(userId, "marketing", "app/settings", "v2");

        var consents = await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "import/2025", "v1", DateTimeOffset.UtcNow.AddYears(-1));

        Assert.False(Assert.Single(consents.Current).Granted);
        Assert.Equal(["import/2025", "app/settings"], consents.History.Select(c => c.Source));
    }
}
