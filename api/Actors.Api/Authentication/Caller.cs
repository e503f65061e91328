using Actors.Abstractions.Tenants;

namespace Actors.Api.Authentication;

/// <summary>Who is calling: a tenant and the key it used. Built from the credential only.</summary>
/// <param name="AllowsAnonymousEvents">A device key that may send events for anonymous device ids without a user token.</param>
public sealed record Caller(string TenantId, string KeyId, ApiKeyKind Kind, bool AllowsAnonymousEvents = false);
