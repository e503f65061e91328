using System.Net;
using System.Text;
using System.Text.Json;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Requests;

/// <summary>Data subject requests through the gRPC Requests service and the OpenDSR routes, on one platform.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RequestLifecycleTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_request_filed_through_OpenDSR_is_the_same_request_through_gRPC_and_completes_with_its_export()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = $"{marker}@example.com" });
        using var openDsr = new OpenDsrClient(fixture.Platform.JsonAddress, tenant.ServerKey.ApiKey);
        var requestId = Guid.NewGuid().ToString("D");

        var created = await OpenDsrClient.ReadAsync(await openDsr.PostAsync(OpenDsrClient.Body(requestId, "access", userId)));

        Assert.Equal(201, created.Status);
        Assert.Equal(requestId, created.Json.GetProperty("subject_request_id").GetString());
        Assert.Equal(tenant.Id, created.Json.GetProperty("controller_id").GetString());
        Assert.True(await VerifiesAsync(created), "the answer to POST is signed with the key from discovery");
        var throughGrpc = await tenant.Server.GetRequestAsync(requestId);
        Assert.Equal(V1.RequestType.Access, throughGrpc.Type);
        Assert.Equal("opendsr", throughGrpc.Channel);

        var completed = await WaitForStatusAsync(tenant.Server, requestId, V1.RequestStatus.Completed);
        Assert.True(completed.ExportAvailable);
        Assert.True(completed.ResultsCount >= 1);
        Assert.Equal("", completed.UserId); // a final request keeps only the pseudonym
        Assert.Equal(["received", "started", "completed"], completed.History.Select(h => h.Event));

        var status = await OpenDsrClient.ReadAsync(await openDsr.GetAsync($"/opendsr/v1/requests/{requestId}"));
        Assert.Equal("completed", status.Json.GetProperty("request_status").GetString());
        Assert.True(await VerifiesAsync(status));
        var resultsUrl = new Uri(status.Json.GetProperty("results_url").GetString()!);
        var exportOverHttp = await OpenDsrClient.ReadAsync(await openDsr.GetAsync(resultsUrl.PathAndQuery));
        Assert.Equal(200, exportOverHttp.Status);
        Assert.Contains(marker, Encoding.UTF8.GetString(exportOverHttp.Raw));
        var exportOverGrpc = await tenant.Server.GetRequestExportAsync(requestId);
        Assert.Equal(userId, JsonDocument.Parse(exportOverGrpc.Json).RootElement.GetProperty("user_id").GetString());
        Assert.Contains(marker, exportOverGrpc.Json);
    }

    [Fact]
    public async Task Filing_the_same_request_id_again_returns_the_same_request_and_another_subject_is_refused()
    {
        using var tenant = await fixture.CreateTenantAsync();
        await fixture.Admin().SetRequestPolicyAsync(tenant.Id, new RequestPolicy { ReviewBeforeProcessing = true });
        var userId = TestTenant.NewUserId();
        var create = new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Portability, UserId = userId };

        var first = await tenant.Server.CreateRequestAsync(create);
        var again = await tenant.Server.CreateRequestAsync(create);

        Assert.Equal(first.ReceivedAt, again.ReceivedAt);
        Assert.Single(again.History);
        Assert.True(again.AwaitingReview);
        var listed = await tenant.Server.ListRequestsAsync(new ListRequestsRequest());
        Assert.Single(listed.Requests, r => r.RequestId == create.RequestId);
        await Expect.RefusedAsync(StatusCode.AlreadyExists,
            () => tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = create.RequestId, Type = V1.RequestType.Portability, UserId = TestTenant.NewUserId() }));
    }

    [Fact]
    public async Task An_erasure_request_forgets_the_user_everywhere_and_issues_a_receipt_that_verifies_until_tampered_with()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = $"{marker}@example.com", ["city"] = "Leiden" });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "signup form", "v1");
        var access = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = access, Type = V1.RequestType.Access, UserId = userId });
        await WaitForStatusAsync(tenant.Server, access, V1.RequestStatus.Completed);
        var waiting = Guid.NewGuid().ToString("D"); // held for identity verification: it keeps the user id meanwhile
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = waiting, Type = V1.RequestType.Portability, UserId = userId, IdentityVerificationPending = true });
        var erasure = Guid.NewGuid().ToString("D");

        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = erasure, Type = V1.RequestType.Erasure, UserId = userId });
        var completed = await WaitForStatusAsync(tenant.Server, erasure, V1.RequestStatus.Completed);

        Assert.True(completed.ReceiptAvailable);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetProfileAsync(userId));
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, marker, fixture.Platform.Secrets)); // the access request's export is gone too
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, userId, fixture.Platform.Secrets)); // and no request names the user any more
        var denied = await tenant.Server.GetRequestAsync(waiting);
        Assert.Equal(V1.RequestStatus.Denied, denied.Status);
        Assert.Contains(erasure, denied.Reason);
        Assert.False((await tenant.Server.GetRequestAsync(access)).ExportAvailable);
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetRequestExportAsync(access));
        var receipt = await tenant.Server.GetErasureReceiptAsync(erasure);
        var publicKey = (await Discovery()).GetProperty("processor_public_key").GetString()!;
        Assert.True(PlatformSignatures.Verify(receipt, publicKey));
        var document = JsonDocument.Parse(receipt.ReceiptJson).RootElement;
        Assert.Equal(erasure, document.GetProperty("request_id").GetString());
        Assert.Equal(2, document.GetProperty("stores").GetProperty("user_state").GetProperty("attributes_erased").GetInt32());
        Assert.Equal(1, document.GetProperty("stores").GetProperty("exports").GetProperty("purged").GetInt32());
        Assert.Equal("nothing found", document.GetProperty("verification").GetProperty("result").GetString());
        Assert.DoesNotContain(userId, receipt.ReceiptJson);

        var tampered = receipt.Clone();
        tampered.ReceiptJson = receipt.ReceiptJson.Replace("\"attributes_erased\": 2", "\"attributes_erased\": 3", StringComparison.Ordinal);
        Assert.NotEqual(receipt.ReceiptJson, tampered.ReceiptJson);
        Assert.False(PlatformSignatures.Verify(tampered, publicKey));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetErasureReceiptAsync(access));
    }

    [Fact]
    public async Task Rectification_restriction_and_objection_requests_change_the_user_as_asked()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Jon Smiht" });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "signup form", "v1");

        var rectify = new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Rectification, UserId = userId };
        rectify.Rectifications["name"] = "Jon Smith";
        await tenant.Server.CreateRequestAsync(rectify);
        await WaitForStatusAsync(tenant.Server, rectify.RequestId, V1.RequestStatus.Completed);
        var objection = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = objection, Type = V1.RequestType.Objection, UserId = userId });
        await WaitForStatusAsync(tenant.Server, objection, V1.RequestStatus.Completed);
        var restriction = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = restriction, Type = V1.RequestType.Restriction, UserId = userId });
        await WaitForStatusAsync(tenant.Server, restriction, V1.RequestStatus.Completed);

        var profile = await tenant.Server.GetProfileAsync(userId);
        Assert.Equal("Jon Smith", Assert.Single(profile.Attributes).Value);
        Assert.True(profile.Privacy.Suppressed);
        var consents = await tenant.Server.GetConsentsAsync(userId);
        Assert.False(Assert.Single(consents.Current).Granted);
    }

    [Fact]
    public async Task A_request_held_for_review_can_be_denied_with_its_reason_or_cancelled_but_not_both()
    {
        using var tenant = await fixture.CreateTenantAsync();
        await fixture.Admin().SetRequestPolicyAsync(tenant.Id, new RequestPolicy { ReviewBeforeProcessing = true });
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Delft" });
        var denied = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = denied, Type = V1.RequestType.Erasure, UserId = userId });

        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.DenyRequestAsync(denied, ""));
        var answer = await tenant.Server.DenyRequestAsync(denied, "the account is under a legal hold");

        Assert.Equal(V1.RequestStatus.Denied, answer.Status);
        Assert.Equal("the account is under a legal hold", answer.Reason);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.CancelRequestAsync(denied, ""));
        Assert.Equal("Delft", Assert.Single((await tenant.Server.GetProfileAsync(userId)).Attributes).Value);
        using var openDsr = new OpenDsrClient(fixture.Platform.JsonAddress, tenant.ServerKey.ApiKey);
        var cancelled = Guid.NewGuid().ToString("D");
        await openDsr.PostAsync(OpenDsrClient.Body(cancelled, "erasure", userId));
        var deleted = await OpenDsrClient.ReadAsync(await openDsr.DeleteAsync($"/opendsr/v1/requests/{cancelled}"));
        Assert.Equal(202, deleted.Status);
        Assert.Equal(cancelled, deleted.Json.GetProperty("subject_request_id").GetString());
        var status = await OpenDsrClient.ReadAsync(await openDsr.GetAsync($"/opendsr/v1/requests/{cancelled}"));
        Assert.Equal("cancelled", status.Json.GetProperty("request_status").GetString());
        Assert.Equal(V1.RequestStatus.Cancelled, (await tenant.Server.GetRequestAsync(cancelled)).Status);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_clear_reason_through_both_doors()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = "not-a-uuid", Type = V1.RequestType.Access, UserId = userId }));
        Assert.Contains("request_id", refusal.Detail);
        await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), UserId = userId }));
        var rectify = new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Rectification, UserId = userId };
        rectify.Rectifications["shoe_size"] = "44";
        refusal = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.CreateRequestAsync(rectify));
        Assert.Contains("shoe_size", refusal.Detail);
        var badCallback = new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = V1.RequestType.Access, UserId = userId, CallbackUrls = { "ftp://example.com/x" } };
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.CreateRequestAsync(badCallback));
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetRequestAsync(Guid.NewGuid().ToString("D")));

        using var openDsr = new OpenDsrClient(fixture.Platform.JsonAddress, tenant.ServerKey.ApiKey);
        var body = OpenDsrClient.Body(Guid.NewGuid().ToString("D"), "access", userId);
        body["subject_identities"] = new[] { new { identity_type = "email", identity_value = "someone@example.com", identity_format = "raw" } };
        var unsupported = await OpenDsrClient.ReadAsync(await openDsr.PostAsync(body));
        Assert.Equal(400, unsupported.Status);
        Assert.Contains("controller_customer_id", unsupported.Json.GetProperty("error").GetProperty("message").GetString());
        var unknownType = await OpenDsrClient.ReadAsync(await openDsr.PostAsync(OpenDsrClient.Body(Guid.NewGuid().ToString("D"), "teleport", userId)));
        Assert.Equal(400, unknownType.Status);
        using var anonymous = new OpenDsrClient(fixture.Platform.JsonAddress, apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(OpenDsrClient.Body(Guid.NewGuid().ToString("D"), "access", userId))).StatusCode);
        Assert.Empty((await tenant.Server.ListRequestsAsync(new ListRequestsRequest())).Requests);
    }

    [Fact]
    public async Task Another_tenant_can_neither_see_nor_cancel_a_request()
    {
        using var owner = await fixture.CreateTenantAsync();
        using var other = await fixture.CreateTenantAsync();
        await fixture.Admin().SetRequestPolicyAsync(owner.Id, new RequestPolicy { ReviewBeforeProcessing = true });
        var requestId = Guid.NewGuid().ToString("D");
        await owner.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = requestId, Type = V1.RequestType.Erasure, UserId = TestTenant.NewUserId() });

        await Expect.RefusedAsync(StatusCode.NotFound, () => other.Server.GetRequestAsync(requestId));
        await Expect.RefusedAsync(StatusCode.NotFound, () => other.Server.CancelRequestAsync(requestId, ""));
        using var openDsr = new OpenDsrClient(fixture.Platform.JsonAddress, other.ServerKey.ApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await openDsr.GetAsync($"/opendsr/v1/requests/{requestId}")).StatusCode);
        Assert.Empty((await other.Server.ListRequestsAsync(new ListRequestsRequest())).Requests);
        Assert.Equal(V1.RequestStatus.Pending, (await owner.Server.GetRequestAsync(requestId)).Status);
    }

    private async Task<JsonElement> Discovery()
    {
        using var anonymous = new OpenDsrClient(fixture.Platform.JsonAddress, apiKey: null);
        return (await OpenDsrClient.ReadAsync(await anonymous.GetAsync("/opendsr/v1/discovery"))).Json;
    }

    private async Task<bool> VerifiesAsync(SignedAnswer answer)
    {
        var publicKey = (await Discovery()).GetProperty("processor_public_key").GetString()!;
        return answer.Signature is not null && PlatformSignatures.Verify(answer.Raw, answer.Signature, publicKey);
    }

    public static async Task<DataSubjectRequest> WaitForStatusAsync(ActorsClient client, string requestId, V1.RequestStatus status)
    {
        DataSubjectRequest? last = null;
        await Poll.UntilAsync(async () => (last = await client.GetRequestAsync(requestId)).Status == status);
        return last!;
    }
}
