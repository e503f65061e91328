using Actors.Abstractions.Errors;
using System.Collections.Immutable;
using Actors.Abstractions.Users;

namespace Actors.Grains.Users;

/// <summary>The preconditions a user's state must meet before a call may read or change it.</summary>
internal static class UserRules
{
    public static DomainException NotFound() => new(DomainError.NotFound, "no such user");

    public static UserState RequireNotErased(UserState state) =>
        state.Erasure is { } erasure
            ? throw new DomainException(DomainError.Erased,
                $"this user was erased at {erasure.ErasedAt:O}; nothing can be stored for this user id again")
            : state;

    public static UserState RequireReadable(UserState state) =>
        RequireNotErased(state).Exists ? state : throw NotFound();

    public static UserState RequireAcceptsNewData(UserState state) =>
        RequireNotErased(state).Suppression is { } suppression
            ? throw new DomainException(DomainError.Suppressed,
                $"this user is suppressed since {suppression.Since:O}: nothing new is stored until it is unsuppressed")
            : state;

    public static StoredAttribute RequireAttribute(UserState state, string name) =>
        state.Attributes.Find(name)
        ?? throw new DomainException(DomainError.NotFound, $"the user has no attribute '{name}'", "name");

    /// <summary>A device's call is refused if its user's tokens were revoked after its token was issued.</summary>
    public static void RequireTokenCurrent(UserState state, DeviceCredential? device)
    {
        if (device is not null && device.TokenGeneration < state.DeviceTokenGeneration)
        {
            throw new DomainException(DomainError.PermissionDenied,
                "the user token was revoked: the user's tokens were revoked after it was issued; ask the backend for a new one", "x-device-token");
        }
    }

    /// <summary>A newest-first history cut to its most recent <paramref name="kept"/> entries.</summary>
    public static ImmutableList<T> Bounded<T>(ImmutableList<T> history, int kept) =>
        history.Count > kept ? history.RemoveRange(kept, history.Count - kept) : history;

    /// <summary>The state stamped as changed now: created if new, one version later.</summary>
    public static UserState Changed(UserState state, DateTimeOffset now) =>
        state with { CreatedAt = state.CreatedAt ?? now, UpdatedAt = now, LastActivityAt = now, Version = state.Version + 1 };
}
