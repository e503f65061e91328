using Actors.Api.Operator;
using Actors.PrivacyConsole.Reading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.PrivacyConsole;

/// <summary>Sets up the privacy console in a gateway (one cell) that has the operator access of <see cref="OperatorAccess"/>.</summary>
public static class PrivacyConsoleExtensions
{
    public const string Root = "/console";

    public static IServiceCollection AddPrivacyConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleReads>();
        services.AddSingleton<AuditVerifications>();
        services.AddRazorPages(pages => pages.RootDirectory = "/Pages")
            .AddApplicationPart(typeof(PrivacyConsoleExtensions).Assembly)
            // No page is kept by a browser or a proxy: one shows a new key in clear, once.
            .AddMvcOptions(mvc => mvc.Filters.Add(new Microsoft.AspNetCore.Mvc.ResponseCacheAttribute { NoStore = true, Location = Microsoft.AspNetCore.Mvc.ResponseCacheLocation.None }));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "__Host-actors-console-antiforgery";
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.Path = "/";
        });
        return services;
    }

    /// <summary>Every page on the operator listener; the login page alone needs no login.</summary>
    public static IEndpointRouteBuilder MapPrivacyConsole(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages().OnOperatorListener(OperatorPolicies.ConsoleReader);
        app.MapGet(Root, () => Results.Redirect($"{Root}/tenants")).OnOperatorListener(OperatorPolicies.ConsoleReader);
        return app;
    }
}
