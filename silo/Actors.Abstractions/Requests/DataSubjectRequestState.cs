using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Requests;

/// <summary>
/// One data subject request, as stored and as returned by its grain. The subject's user id and
/// any corrected values are dropped when the request becomes final; the pseudonymous reference stays.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DataSubjectRequestState
{
    [Id(0)] public Guid RequestId { get; init; }

    [Id(1)] public string TenantId { get; init; } = "";

    [Id(2)] public RequestType Type { get; init; }

    [Id(3)] public RequestStatus Status { get; init; }

    /// <summary>Counts stored changes; the store refuses a write that does not follow the version it read.</summary>
    [Id(4)] public long Version { get; init; }

    /// <summary>The subject's user id, kept by an open access or portability request only (its export names the user).</summary>
    [Id(5), UserId] public string? UserId { get; init; }

    [Id(6), Pseudonymous] public string UserReference { get; init; } = "";

    /// <summary>When the platform received the request: the legal clock starts here (GDPR Art. 12(3)).</summary>
    [Id(7)] public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the data subject made it, as the tenant reports; for the record only.</summary>
    [Id(8)] public DateTimeOffset? SubmittedAt { get; init; }

    [Id(9)] public ImmutableArray<string> CallbackUrls { get; init; } = [];

    [Id(10)] public string Channel { get; init; } = "";

    /// <summary>Set while the subject's identity is being verified: the deadline's clock is stopped since then.</summary>
    [Id(11)] public DateTimeOffset? VerificationPendingSince { get; init; }

    /// <summary>Time the clock stood still for identity verification, added to every deadline.</summary>
    [Id(12)] public TimeSpan PausedFor { get; init; }

    /// <summary>Months added to the legal deadline (at most two, Art. 12(3)), with the recorded reason.</summary>
    [Id(13)] public int ExtendedMonths { get; init; }

    [Id(14), PersonalData] public string ExtensionReason { get; init; } = "";

    /// <summary>The tenant's own target in days when the request arrived; 0 for none.</summary>
    [Id(15)] public int SlaDays { get; init; }

    /// <summary>For an erasure: until when it may still be cancelled; it runs after.</summary>
    [Id(16)] public DateTimeOffset? GraceEndsAt { get; init; }

    /// <summary>Set while the request waits for the tenant's privacy team to approve it.</summary>
    [Id(17)] public bool AwaitingReview { get; init; }

    /// <summary>For a rectification: attribute name to corrected value; emptied when final.</summary>
    [Id(18), AttributeValue] public ImmutableDictionary<string, string> Rectifications { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>For an objection: the purposes objected to; empty for all consented ones.</summary>
    [Id(19)] public ImmutableArray<string> ObjectionPurposes { get; init; } = [];

    /// <summary>Why the request was denied or cancelled.</summary>
    [Id(20), PersonalData] public string Reason { get; init; } = "";

    [Id(21)] public ImmutableArray<RequestTransition> History { get; init; } = [];

    /// <summary>How many records the fulfilment found (exported, erased, changed).</summary>
    [Id(22)] public long? ResultsCount { get; init; }

    /// <summary>For access and portability: until when the export is kept; deleted after.</summary>
    [Id(23)] public DateTimeOffset? ExportExpiresAt { get; init; }

    [Id(24)] public bool ExportDeleted { get; init; }

    /// <summary>For an erasure: the signed receipt, issued only after the stores were checked empty.</summary>
    [Id(25)] public SignedReceipt? Receipt { get; init; }

    /// <summary>Runs that failed for a reason other than a refusal (storage, an erasure whose check still found data); retried.</summary>
    [Id(26)] public int FailedRuns { get; init; }

    /// <summary>The cause of the last failed run; never personal data (messages name requests, stores and counts).</summary>
    [Id(27)] public string LastFailure { get; init; } = "";

    [JsonIgnore] public bool Exists => ReceivedAt != default;

    [JsonIgnore] public bool IsFinal => Status is RequestStatus.Completed or RequestStatus.Cancelled or RequestStatus.Denied;

    [JsonIgnore] public bool IsPaused => VerificationPendingSince is not null;

    /// <summary>An export was stored and has not been deleted yet (its expiry may have passed, its timer not yet run).</summary>
    [JsonIgnore] public bool HoldsExport => ExportExpiresAt is not null && !ExportDeleted;

    /// <summary>Whether the export may be read at <paramref name="now"/>.</summary>
    public bool ExportKept(DateTimeOffset now) => HoldsExport && ExportExpiresAt > now;
}
