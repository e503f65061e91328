using Actors.Abstractions.Tenants;

namespace Actors.PrivacyConsole.Reading;

/// <summary>One row of the tenants page: configuration and counts, never a user's value.</summary>
public sealed record TenantOverview(string TenantId, TenantState State, int ActiveKeys, int OverdueRequests);
