using Actors.Api.Operator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Actors.PrivacyConsole.Pages;

public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(OperatorPolicies.LoginPath);

    public async Task<IActionResult> OnPostAsync()
    {
        await OperatorLogin.SignOutAsync(HttpContext);
        return LocalRedirect(OperatorPolicies.LoginPath);
    }
}
