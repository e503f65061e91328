using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;
using Microsoft.Playwright;

namespace Actors.EndToEnd.Tests.Console;

/// <summary>
/// The privacy console in a real browser, on one platform whose clock the tests move: login,
/// requests overdue first, the audit check, a key revoked, a tenant's read-only view, and no
/// personal value on any page. The main pages' screenshots go to .actors/test-results/console/ (docs/console/ with ACTORS_SCREENSHOTS_TO_DOCS=1). Each test has
/// tenants of its own; the clock only moves forward, which no other test here minds.
/// </summary>
public sealed class ConsoleTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private readonly RunningPlatform _platform = fixture.Platform;
    private ConsoleBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await ConsoleBrowser.LaunchAsync(_platform);

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task The_operator_key_logs_in_and_the_tenants_page_lists_each_tenant_with_its_declarations()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);

        var page = await _browser.LoggedInAsync(_platform.OperatorKey);

        Assert.EndsWith("/console/tenants", page.Url);
        var row = page.Locator("#tenants tr", new() { HasText = tenant.Id });
        await Assertions.Expect(row).ToContainTextAsync("account, marketing");
        await Assertions.Expect(row).ToContainTextAsync("favourite_topic");
        await ConsoleBrowser.ScreenshotAsync(page, "tenants");
    }

    [Fact]
    public async Task A_wrong_key_is_refused_at_login_and_no_page_opens_without_one()
    {
        var page = await _browser.NewPageAsync();

        await ConsoleBrowser.LogInAsync(page, _platform.OperatorKey + "x");

        await Assertions.Expect(page.Locator(".refusal")).ToHaveTextAsync("the key is unknown, revoked or malformed");
        await page.GotoAsync(_browser.Url("/console/tenants"));
        Assert.Contains("/console/login", page.Url);
    }

    [Fact]
    public async Task An_overdue_request_is_listed_first_with_its_timeline()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);
        using (var admin = Admin())
        {
            await admin.SetRequestPolicyAsync(tenant.Id, new RequestPolicy { ReviewBeforeProcessing = true });
        }
        // Received first, but its clock stands still while the subject's identity is verified: never overdue.
        var paused = await tenant.Server.CreateRequestAsync(new CreateRequestRequest
        {
            RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Erasure, UserId = TestTenant.NewUserId(), IdentityVerificationPending = true,
        });
        var late = await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Access, UserId = TestTenant.NewUserId() });
        _platform.Clock.Advance(TimeSpan.FromDays(32));

        var page = await _browser.LoggedInAsync(_platform.OperatorKey);
        await Assertions.Expect(page.Locator("#tenants tr", new() { HasText = tenant.Id })).ToContainTextAsync("1 overdue");
        await page.GotoAsync(_browser.Url($"/console/tenants/{tenant.Id}"));

        var rows = page.Locator("#requests tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.Equal(late.RequestId, await rows.Nth(0).GetAttributeAsync("data-request"));
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("overdue");
        Assert.Equal(paused.RequestId, await rows.Nth(1).GetAttributeAsync("data-request"));
        await rows.Nth(0).Locator("summary").ClickAsync();
        await Assertions.Expect(rows.Nth(0).Locator("ol li").First).ToContainTextAsync("Pending");
        await ConsoleBrowser.ScreenshotAsync(page, "tenant");
    }

    [Fact]
    public async Task The_audit_button_verifies_the_chain_and_shows_it_sound()
    {
        using var tenant = await TenantWithAUserAsync();
        var page = await TenantPageAsync(tenant.Id);

        await page.ClickAsync("#verify-audit");

        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("sound", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#verification")).ToContainTextAsync("entries checked from the first entry");
        await ConsoleBrowser.ScreenshotAsync(page, "audit");
    }

    [Fact]
    public async Task A_key_revoked_in_the_console_is_refused_on_the_next_gRPC_call()
    {
        using var tenant = await TenantWithAUserAsync();
        var page = await TenantPageAsync(tenant.Id);

        await page.Locator($"#keys tr[data-key='{tenant.ServerKey.Info.KeyId}'] button.revoke").ClickAsync();

        await Assertions.Expect(page.Locator($"#keys tr[data-key='{tenant.ServerKey.Info.KeyId}']")).ToContainTextAsync("revoked");
        await Expect.RefusedAsync(StatusCode.Unauthenticated, () => tenant.Server.GetConsentsAsync(TestTenant.NewUserId()));
        await Assertions.Expect(page.Locator($"#keys tr[data-key='{tenant.DeviceKey.Info.KeyId}']")).ToContainTextAsync("active");
    }

    [Fact]
    public async Task A_tenants_server_key_sees_its_own_tenant_only_and_changes_nothing()
    {
        using var mine = await TestTenant.CreateAsync(_platform);
        using var other = await TestTenant.CreateAsync(_platform);
        var page = await _browser.LoggedInAsync(mine.ServerKey.ApiKey);

        await Assertions.Expect(page.Locator("#tenants tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#tenants")).ToContainTextAsync(mine.Id);
        var elsewhere = await page.GotoAsync(_browser.Url($"/console/tenants/{other.Id}"));
        Assert.Equal(404, elsewhere!.Status);
        await page.GotoAsync(_browser.Url($"/console/tenants/{mine.Id}"));
        await Assertions.Expect(page.Locator("button.revoke")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#issue-key")).ToHaveCountAsync(0);
        // A forged form, with the page's own anti-forgery token: refused by the page, not by a missing token.
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("keyId", mine.DeviceKey.Info.KeyId);
        var revoke = await page.Context.APIRequest.PostAsync(_browser.Url($"/console/tenants/{mine.Id}?handler=Revoke"), new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(403, revoke.Status);
        Assert.Contains($"a server key of tenant '{mine.Id}'", await revoke.TextAsync());
        using var admin = Admin();
        Assert.All(await admin.ListApiKeysAsync(mine.Id), key => Assert.Null(key.RevokedAt));
    }

    [Fact]
    public async Task No_page_shows_a_user_id_or_a_value_written_for_a_user()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);
        var (userId, marker) = (TestTenant.NewUserId(), TestTenant.NewMarker());
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = $"{marker}@example.com", ["city"] = marker });
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Access, UserId = userId });
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest
        {
            RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Rectification, UserId = userId,
            Rectifications = { new Dictionary<string, string> { ["city"] = $"{marker}-corrected" } },
        });
        // A reason is the tenant's free text: it may name the user, so no page shows it.
        using (var admin = Admin())
        {
            await admin.SetRequestPolicyAsync(tenant.Id, new RequestPolicy { ErasureGraceHours = 24 });
        }
        var cancelled = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = cancelled, Type = V1.RequestType.Erasure, UserId = userId });
        await tenant.Server.CancelRequestAsync(cancelled, $"withdrawn by {marker}");
        var page = await TenantPageAsync(tenant.Id);
        await page.ClickAsync("#verify-audit");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("sound", new() { Timeout = 30_000 });

        foreach (var path in new[] { "/console/tenants", $"/console/tenants/{tenant.Id}", $"/console/tenants/{tenant.Id}/audit", "/console/incidents" })
        {
            await page.GotoAsync(_browser.Url(path));
            var html = await page.ContentAsync();
            Assert.DoesNotContain(userId, html);
            Assert.DoesNotContain(marker, html);
        }
        await page.GotoAsync(_browser.Url($"/console/tenants/{tenant.Id}"));
        await Assertions.Expect(page.Locator("#requests tbody tr")).ToHaveCountAsync(3);
        Assert.Contains("(reason recorded)", await page.ContentAsync());
    }

    private async Task<TestTenant> TenantWithAUserAsync()
    {
        var tenant = await TestTenant.CreateAsync(_platform);
        await tenant.Server.UpsertAttributesAsync(TestTenant.NewUserId(), new Dictionary<string, string> { ["city"] = "Lyon" });
        return tenant;
    }

    /// <summary>The tenant's page, logged in as the operator.</summary>
    private async Task<IPage> TenantPageAsync(string tenantId)
    {
        var page = await _browser.LoggedInAsync(_platform.OperatorKey);
        await page.GotoAsync(_browser.Url($"/console/tenants/{tenantId}"));
        return page;
    }

    private ActorsAdminClient Admin() => fixture.Admin();
}
