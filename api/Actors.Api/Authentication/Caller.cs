using Actors.Abstractions.Tenants;

namespace Actors.Api.Authentication;

/// <summary>Who is calling: a tenant and the key it used. Built from the credential only.</summary>
public sealed record Caller(string TenantId, string KeyId, ApiKeyKind Kind);
