using System.Collections.Immutable;
using System.Text.Json;
using Actors.Abstractions.Requests;

namespace Actors.Silo.Sealing;

/// <summary>
/// Keeps a request's subject (the user id an export names, the corrected values of a
/// rectification) sealed under the user's data key, out of the clear state that listings and
/// deadline queries read. Once the user's key is destroyed the subject no longer opens, and the
/// request keeps only what its receipt needs.
/// </summary>
public sealed class RequestSubjectSealing(PersonalSealing sealing)
{
    /// <summary>The state as stored in clear, without its subject, and the subject sealed (null when there is none).</summary>
    public async Task<(DataSubjectRequestState Clear, SealedPayload? Subject)> SealAsync(DataSubjectRequestState state)
    {
        if (state.UserId is null && state.Rectifications.IsEmpty)
        {
            return (state, null);
        }
        var subject = JsonSerializer.SerializeToUtf8Bytes(new Subject(state.UserId, state.Rectifications));
        var sealedSubject = await sealing.SealAsync(state.TenantId, state.UserReference, Record(state), state.Version, subject);
        return (state with { UserId = null, Rectifications = ImmutableDictionary<string, string>.Empty }, sealedSubject);
    }

    /// <summary>The state with its subject opened; without it if the user's key was destroyed by an erasure.</summary>
    public async Task<DataSubjectRequestState> OpenAsync(DataSubjectRequestState clear, SealedPayload? sealedSubject)
    {
        if (sealedSubject is null)
        {
            return clear;
        }
        var opened = await sealing.OpenAsync(clear.TenantId, clear.UserReference, Record(clear), clear.Version, sealedSubject);
        if (opened.Plaintext is null)
        {
            return clear;
        }
        var subject = JsonSerializer.Deserialize<Subject>(opened.Plaintext)!;
        return clear with { UserId = subject.UserId, Rectifications = subject.Rectifications ?? ImmutableDictionary<string, string>.Empty };
    }

    private static string Record(DataSubjectRequestState state) => $"request/{state.TenantId}/{state.RequestId:D}";

    private sealed record Subject(string? UserId, ImmutableDictionary<string, string>? Rectifications);
}
