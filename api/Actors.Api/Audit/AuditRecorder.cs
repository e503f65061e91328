using Actors.Abstractions.Audit;
using Actors.Abstractions.Users;
using Actors.Api.Authentication;
using Actors.Api.Users;
using Grpc.Core;

namespace Actors.Api.Audit;

/// <summary>
/// Writes the gateway's audit entries: reads of personal data and tenant administration, one
/// line at each call site. Callers await it after the grain call succeeded and before they
/// answer, so no call is acknowledged without its entry. (Changes to a user are recorded by the
/// user grain, in the transaction that stores them.)
/// The user appears only as <see cref="UserReferences"/> makes it: never the user id itself.
/// </summary>
public sealed class AuditRecorder(IAuditTrail trail, TimeProvider clock)
{
    /// <summary>What the calling key did to one user of its tenant, named by the user's grain (<see cref="UserGrains"/>).</summary>
    public Task UserAsync(ServerCallContext context, string operation, IUserGrain user, string subject = "")
    {
        var caller = context.Caller();
        // The grain's key already holds the user's reference: no second HMAC of the user id.
        var (_, reference) = UserGrainKey.Parse(user.GetPrimaryKeyString());
        return trail.RecordAsync(new AuditEntry(caller.TenantId, caller.KeyId, operation, reference, subject, clock.GetUtcNow()));
    }

    /// <summary>What the operator did to a tenant; <paramref name="subject"/> names, never a secret.</summary>
    public Task TenantAsync(string tenantId, string operation, string subject) =>
        trail.RecordAsync(new AuditEntry(tenantId, AuditNames.Operator, operation, null, subject, clock.GetUtcNow()));
}
