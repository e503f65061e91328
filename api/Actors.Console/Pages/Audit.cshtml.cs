using Actors.PrivacyConsole.Reading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Actors.PrivacyConsole.Pages;

/// <summary>The tenant's audit verification: started by a POST, then shown with its progress until it ends.</summary>
public sealed class AuditModel(ConsoleReads reads, AuditVerifications verifications) : PageModel
{
    [FromRoute] public string TenantId { get; set; } = "";

    public AuditVerificationRun? Run { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await ExistsAsync())
        {
            return NotFound($"no tenant '{TenantId}'");
        }
        Run = verifications.Last(TenantId);
        return Page();
    }

    // A read, like the Audit service's VerifyAuditTrail, so a tenant's own read-only login may run it.
    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ExistsAsync())
        {
            return NotFound($"no tenant '{TenantId}'");
        }
        verifications.Start(TenantId);
        return LocalRedirect($"/console/tenants/{TenantId}/audit");
    }

    private async Task<bool> ExistsAsync() => User.MaySee(TenantId) && await reads.FindAsync(TenantId) is not null;
}
