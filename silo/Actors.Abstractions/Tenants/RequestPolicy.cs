namespace Actors.Abstractions.Tenants;

/// <summary>How a tenant handles data subject requests.</summary>
/// <param name="SlaDays">The tenant's own target in days, earlier than the legal month; 0 for none.</param>
/// <param name="ErasureGraceHours">How long an erasure waits, cancellable, before it runs; 0 runs it at once.</param>
/// <param name="ExportRetentionDays">How long the export of an access or portability request is kept.</param>
/// <param name="ReviewBeforeProcessing">Requests wait for the tenant's approval before they run.</param>
[GenerateSerializer, Immutable]
public sealed record RequestPolicy(
    int SlaDays,
    int ErasureGraceHours,
    int ExportRetentionDays,
    bool ReviewBeforeProcessing)
{
    public const int DefaultExportRetentionDays = 7;

    public static readonly RequestPolicy Default = new(0, 0, DefaultExportRetentionDays, false);
}
