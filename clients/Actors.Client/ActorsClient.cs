using Actors.V1;
using Google.Protobuf.WellKnownTypes;

namespace Actors.Client;

/// <summary>
/// What a tenant backend calls: its users' profiles, consents and privacy rights. The tenant is
/// the one the key belongs to. Every method throws <see cref="ActorsApiException"/> on refusal.
/// </summary>
public sealed class ActorsClient : IDisposable
{
    private readonly PlatformChannel _channel;
    private readonly Profiles.ProfilesClient _profiles;
    private readonly Consents.ConsentsClient _consents;
    private readonly Privacy.PrivacyClient _privacy;
    private readonly Events.EventsClient _events;
    private readonly Requests.RequestsClient _requests;
    private readonly Audit.AuditClient _audit;

    public ActorsClient(ActorsClientOptions options)
    {
        _channel = new PlatformChannel(options);
        _profiles = new Profiles.ProfilesClient(_channel.Invoker);
        _consents = new Consents.ConsentsClient(_channel.Invoker);
        _privacy = new Privacy.PrivacyClient(_channel.Invoker);
        _events = new Events.EventsClient(_channel.Invoker);
        _requests = new Requests.RequestsClient(_channel.Invoker);
        _audit = new Audit.AuditClient(_channel.Invoker);
        Incidents = new Incidents.TenantIncidents(_channel);
    }

    /// <summary>The tenant's incident notices and its users checked against them (a server key).</summary>
    public Incidents.TenantIncidents Incidents { get; }

    public Task<Profile> GetProfileAsync(string userId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _profiles.GetProfileAsync(new GetProfileRequest { UserId = userId }, o), cancellation);

    /// <summary>Adds or replaces the given attributes; the others are kept.</summary>
    public Task<Profile> UpsertAttributesAsync(string userId, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _profiles.UpsertAttributesAsync(Upsert(userId, attributes), o), cancellation);

    public Task<Profile> RectifyAttributeAsync(string userId, string name, string value, string reason, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _profiles.RectifyAttributeAsync(new RectifyAttributeRequest { UserId = userId, Name = name, Value = value, Reason = reason }, o), cancellation);

    public Task<Profile> DeleteAttributeAsync(string userId, string name, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _profiles.DeleteAttributeAsync(new DeleteAttributeRequest { UserId = userId, Name = name }, o), cancellation);

    public Task<ConsentState> GrantConsentAsync(string userId, string purpose, LawfulBasis basis, string source, string policyVersion,
        DateTimeOffset? occurredAt = null, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _consents.GrantConsentAsync(Decision(userId, purpose, basis, source, policyVersion, occurredAt), o), cancellation);

    public Task<ConsentState> WithdrawConsentAsync(string userId, string purpose, string source, string policyVersion,
        DateTimeOffset? occurredAt = null, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _consents.WithdrawConsentAsync(Decision(userId, purpose, LawfulBasis.Unspecified, source, policyVersion, occurredAt), o), cancellation);

    /// <summary>Current consents and the newest <paramref name="historyLimit"/> decisions (0: the platform's default of 20).</summary>
    public Task<ConsentState> GetConsentsAsync(string userId, int historyLimit = 0, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _consents.GetConsentsAsync(new GetConsentsRequest { UserId = userId, HistoryLimit = historyLimit }, o), cancellation);

    public Task<PrivacyStatus> SuppressAsync(string userId, string reason, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _privacy.SuppressAsync(new SuppressRequest { UserId = userId, Reason = reason }, o), cancellation);

    public Task<PrivacyStatus> UnsuppressAsync(string userId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _privacy.UnsuppressAsync(new UnsuppressRequest { UserId = userId }, o), cancellation);

    /// <summary>Erases the user; returns once the erasure is committed.</summary>
    public Task<ErasureCertificate> ForgetAsync(string userId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _privacy.ForgetAsync(new ForgetRequest { UserId = userId }, o), cancellation);

    /// <summary>Everything held about the user; the JSON is in <see cref="ExportDocument.Json"/>.</summary>
    public Task<ExportDocument> ExportAsync(string userId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _privacy.ExportAsync(new ExportRequest { UserId = userId }, o), cancellation);

    /// <summary>
    /// Has the platform issue a device token for one user (server key): the app sends it with the
    /// device key to send that user's events, suppress or forget that user. <paramref name="lifetime"/>
    /// 1 minute to 30 days (null: 24 hours); no <paramref name="actions"/>: every action.
    /// </summary>
    public Task<DeviceToken> IssueDeviceTokenAsync(string userId, TimeSpan? lifetime = null, IEnumerable<DeviceAction>? actions = null, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _privacy.IssueDeviceTokenAsync(new IssueDeviceTokenRequest
        {
            UserId = userId,
            Ttl = lifetime is { } l ? Duration.FromTimeSpan(l) : null,
            Actions = { actions ?? [] },
        }, o), cancellation);

    /// <summary>Refuses every device token of the user issued before now (server key).</summary>
    public Task<RevokeDeviceTokensResponse> RevokeDeviceTokensAsync(string userId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _privacy.RevokeDeviceTokensAsync(new RevokeDeviceTokensRequest { UserId = userId }, o), cancellation);

    /// <summary>Sends one batch of events (a device key may); returns once they are counted.</summary>
    public Task<EventReceipt> SendEventsAsync(IEnumerable<Event> events, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _events.SendEventsAsync(new EventBatch { Events = { events } }, o), cancellation);

    /// <summary>Sends batches over one long-lived stream; the receipt adds them all up.</summary>
    public Task<EventReceipt> StreamEventsAsync(IAsyncEnumerable<EventBatch> batches, CancellationToken cancellation = default) =>
        _channel.StreamAsync(o => _events.StreamEvents(o), batches, cancellation);

    /// <summary>The user's daily event counts and first and last seen.</summary>
    public Task<Activity> GetActivityAsync(string userId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _events.GetActivityAsync(new GetActivityRequest { UserId = userId }, o), cancellation);

    /// <summary>Files a data subject request; the same request id again returns the request already filed.</summary>
    public Task<DataSubjectRequest> CreateRequestAsync(CreateRequestRequest request, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.CreateRequestAsync(request, o), cancellation);

    public Task<DataSubjectRequest> GetRequestAsync(string requestId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.GetRequestAsync(new GetRequestRequest { RequestId = requestId }, o), cancellation);

    public Task<ListRequestsResponse> ListRequestsAsync(ListRequestsRequest query, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.ListRequestsAsync(query, o), cancellation);

    public Task<DataSubjectRequest> CancelRequestAsync(string requestId, string reason, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.CancelRequestAsync(new CancelRequestRequest { RequestId = requestId, Reason = reason }, o), cancellation);

    public Task<DataSubjectRequest> ExtendRequestAsync(string requestId, int months, string reason, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.ExtendRequestAsync(new ExtendRequestRequest { RequestId = requestId, Months = months, Reason = reason }, o), cancellation);

    public Task<DataSubjectRequest> VerifyIdentityAsync(string requestId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.VerifyIdentityAsync(new VerifyIdentityRequest { RequestId = requestId }, o), cancellation);

    public Task<DataSubjectRequest> ApproveRequestAsync(string requestId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.ApproveRequestAsync(new ApproveRequestRequest { RequestId = requestId }, o), cancellation);

    public Task<DataSubjectRequest> DenyRequestAsync(string requestId, string reason, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.DenyRequestAsync(new DenyRequestRequest { RequestId = requestId, Reason = reason }, o), cancellation);

    public Task<ExportDocument> GetRequestExportAsync(string requestId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.GetRequestExportAsync(new GetRequestExportRequest { RequestId = requestId }, o), cancellation);

    /// <summary>The signed receipt of a completed erasure; check it with <see cref="PlatformSignatures.Verify(ErasureReceipt, string)"/>.</summary>
    public Task<ErasureReceipt> GetErasureReceiptAsync(string requestId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _requests.GetErasureReceiptAsync(new GetErasureReceiptRequest { RequestId = requestId }, o), cancellation);
    /// <summary>One page of the audit entries about the user, oldest first (<paramref name="pageSize"/> 0: 100).</summary>
    public Task<ListUserAuditEntriesResponse> ListUserAuditEntriesAsync(string userId, int pageSize = 0, string pageToken = "", CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _audit.ListUserAuditEntriesAsync(new ListUserAuditEntriesRequest { UserId = userId, PageSize = pageSize, PageToken = pageToken }, o), cancellation);

    /// <summary>Has the platform recompute the tenant's audit chain; a break names the first broken entry.</summary>
    public Task<AuditVerification> VerifyAuditTrailAsync(CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), o), cancellation);

    public void Dispose() => _channel.Dispose();

    private static UpsertAttributesRequest Upsert(string userId, IReadOnlyDictionary<string, string> attributes)
    {
        var request = new UpsertAttributesRequest { UserId = userId };
        foreach (var (name, value) in attributes)
        {
            request.Attributes[name] = value;
        }
        return request;
    }

    private static ConsentDecisionRequest Decision(string userId, string purpose, LawfulBasis basis, string source, string policyVersion, DateTimeOffset? occurredAt) => new()
    {
        UserId = userId,
        Purpose = purpose,
        LawfulBasis = basis,
        Source = source,
        PolicyVersion = policyVersion,
        OccurredAt = occurredAt is { } t ? Timestamp.FromDateTimeOffset(t) : null,
    };
}
