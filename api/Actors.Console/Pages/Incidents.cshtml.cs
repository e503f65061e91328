using Actors.Abstractions.Incidents;
using Actors.Api.Operator;
using Actors.PrivacyConsole.Reading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Actors.PrivacyConsole.Pages;

/// <summary>The platform's incidents, for the operator: counts per tenant, never a user.</summary>
public sealed class IncidentsModel(IIncidentStore incidents) : PageModel
{
    public IReadOnlyList<IncidentRecord> Incidents { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!User.IsOperator())
        {
            return Forbid(OperatorPolicies.Scheme);
        }
        Incidents = await incidents.ListAsync(HttpContext.RequestAborted);
        return Page();
    }
}
