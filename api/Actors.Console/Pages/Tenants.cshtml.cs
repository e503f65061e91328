using Actors.PrivacyConsole.Reading;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Actors.PrivacyConsole.Pages;

public sealed class TenantsModel(ConsoleReads reads) : PageModel
{
    public IReadOnlyList<TenantOverview> Tenants { get; private set; } = [];

    public async Task OnGetAsync() => Tenants = await reads.TenantsAsync(User.ViewerTenant(), HttpContext.RequestAborted);
}
