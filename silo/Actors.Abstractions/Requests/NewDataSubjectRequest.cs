using System.Collections.Immutable;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Requests;

/// <summary>What a caller asks for when it files a request; checked by the gateway before the grain sees it.</summary>
/// <param name="UserId">The data subject's user id, kept only until the request is final.</param>
/// <param name="UserReference">The pseudonymous reference of <paramref name="UserId"/>, which outlives it.</param>
/// <param name="SubmittedAt">When the data subject made the request, as the tenant says.</param>
/// <param name="IdentityVerified">False holds the request, and its deadline, until the tenant verifies the subject's identity.</param>
/// <param name="Rectifications">For rectification: attribute name to the corrected value.</param>
/// <param name="ObjectionPurposes">For objection: the purposes objected to; empty for every purpose consented to.</param>
/// <param name="Actor">The API key id that filed it.</param>
/// <param name="Channel">"grpc" or "opendsr".</param>
[GenerateSerializer, Immutable]
public sealed record NewDataSubjectRequest(
    RequestType Type,
    [property: UserId] string UserId,
    [property: Pseudonymous] string UserReference,
    DateTimeOffset? SubmittedAt,
    ImmutableArray<string> CallbackUrls,
    bool IdentityVerified,
    [property: AttributeValue] ImmutableDictionary<string, string> Rectifications,
    ImmutableArray<string> ObjectionPurposes,
    string Actor,
    string Channel);
