using Actors.Api.Operator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Actors.PrivacyConsole.Pages;

[AllowAnonymous]
public sealed class LoginModel(OperatorLogin login) : PageModel
{
    public string? Refusal { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? key)
    {
        Refusal = await login.SignInAsync(HttpContext, key ?? "");
        if (Refusal is null)
        {
            return LocalRedirect("/console/tenants");
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
