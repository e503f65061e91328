using Actors.Abstractions.Audit;
using Actors.Api.Authentication;
using Actors.Api.Users;
using Grpc.Core;

namespace Actors.Api.Audit;

/// <summary>
/// Writes the gateway's audit entries, one line at each call site. Callers await it after the
/// grain call succeeded and before they answer, so no call is acknowledged without its entry.
/// The user appears only as <see cref="UserReferences"/> makes it: never the user id itself.
/// </summary>
public sealed class AuditRecorder(IAuditTrail trail, UserReferences references, TimeProvider clock)
{
    /// <summary>The actor of tenant administration.</summary>
    public const string Operator = "operator";

    /// <summary>What the calling key did to one user of its tenant.</summary>
    public Task UserAsync(ServerCallContext context, string operation, string userId, string subject = "")
    {
        var caller = context.Caller();
        return trail.RecordAsync(new AuditEntry(caller.TenantId, caller.KeyId, operation, references.For(caller.TenantId, userId), subject, clock.GetUtcNow()));
    }

    /// <summary>What the operator did to a tenant; <paramref name="subject"/> names, never a secret.</summary>
    public Task TenantAsync(string tenantId, string operation, string subject) =>
        trail.RecordAsync(new AuditEntry(tenantId, Operator, operation, null, subject, clock.GetUtcNow()));

    /// <summary>Names as a subject: "a,b,c".</summary>
    public static string Names(IEnumerable<string> names) => string.Join(',', names);
}
