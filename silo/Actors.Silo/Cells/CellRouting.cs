using Actors.Abstractions.Tenants;
using Actors.Api;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Actors.Silo.Cells;

/// <summary>
/// Sends each call of a gateway of several regions to one cell, and nowhere else: it answers
/// the call with that cell's services (its Orleans client, its database). A tenant's call goes
/// to the tenant's region, read from its key and the tenant directory. An operator's call goes
/// to the region of the tenant it names (the Tenants service), or to the region its
/// x-actors-region header names. A call with no key is answered by the gateway itself (health).
/// </summary>
public sealed class CellRouting(RequestDelegate next, CellHosts cells, TenantRegions directory, OperatorKey operatorKey, IOptions<GatewayOptions> gateway, ILogger<CellRouting> logger)
{
    public const string RegionHeader = "x-actors-region";

    public async Task InvokeAsync(HttpContext http)
    {
        var (cell, refusal) = await ChooseAsync(http);
        if (refusal is var (code, message))
        {
            await EarlyRefusal.WriteAsync(http, code, message);
            return;
        }
        if (cell is null)
        {
            await next(http);
            return;
        }
        if (!cell.IsRunning)
        {
            // Before its key is checked, a tenant's caller learns nothing of where the tenant lives.
            await EarlyRefusal.WriteAsync(http, StatusCode.Unavailable, IsOperator(http)
                ? $"region '{cell.Region}' is unavailable: this gateway cannot reach its cell now (other regions are not affected); retry shortly"
                : "the platform cannot check the API key right now; retry shortly");
            return;
        }
        await using var scope = cell.Services.CreateAsyncScope();
        var own = http.RequestServices;
        http.RequestServices = scope.ServiceProvider;
        try
        {
            await next(http);
        }
        finally
        {
            http.RequestServices = own;
        }
    }

    private async Task<(CellHost? Cell, (StatusCode, string)? Refusal)> ChooseAsync(HttpContext http)
    {
        var key = http.Request.Headers["x-api-key"].ToString();
        if (key.Length == 0)
        {
            return (null, null);
        }
        if (IsOperator(http))
        {
            return await OperatorCellAsync(http);
        }
        if (!ApiKeyFormat.TryParse(key, out var tenantId, out _, out _))
        {
            return (null, (StatusCode.Unauthenticated, "the API key is unknown, revoked or malformed"));
        }
        var region = await RegionOfAsync(tenantId, http.RequestAborted);
        return region switch
        {
            null => (null, (StatusCode.Unavailable, "the tenant directory cannot be read now; retry shortly")),
            "" => (null, (StatusCode.Unauthenticated, "the API key is unknown, revoked or malformed")),
            _ => Known(region),
        };
    }

    private async Task<(CellHost?, (StatusCode, string)?)> OperatorCellAsync(HttpContext http)
    {
        // The tenant a Tenants call names decides first: an admin client set to one region
        // (ActorsClientOptions.Region) still reaches every tenant in its own region.
        if (TenantsCallPeek.Applies(http) && await TenantsCallPeek.ReadAsync(http, gateway.Value.MaxReceiveMessageSize) is var (tenantId, region))
        {
            if (region.Length > 0)
            {
                // CreateTenant: the region it names; one the platform lacks is refused there, field by field.
                return cells.Find(region) is { } cell ? (cell, null) : (cells.AnyRunning ?? cells.All[0], null);
            }
            var known = tenantId.Length == 0 ? "" : await RegionOfAsync(tenantId, http.RequestAborted);
            return known switch
            {
                null => (null, (StatusCode.Unavailable, "the tenant directory cannot be read now; retry shortly")),
                // No such tenant (or a CreateTenant naming no region): any cell answers, and refuses it as it should.
                "" => (cells.AnyRunning ?? cells.All[0], null),
                _ => Known(known),
            };
        }
        var named = http.Request.Headers[RegionHeader].ToString();
        if (named.Length > 0)
        {
            return cells.Find(named) is { } cell ? (cell, null)
                : (null, (StatusCode.InvalidArgument, $"{RegionHeader}: '{named}' is not a region of this gateway; it serves {Regions}"));
        }
        return cells.All.Count == 1 ? (cells.All[0], null)
            : (null, (StatusCode.FailedPrecondition, $"this gateway serves the regions {Regions}: name the one this call addresses in the {RegionHeader} header (ActorsClientOptions.Region)"));
    }

    /// <summary>The tenant's region; "" if the platform has no such tenant, null if the directory cannot be read.</summary>
    private async Task<string?> RegionOfAsync(string tenantId, CancellationToken cancellation)
    {
        try
        {
            return await directory.FindAsync(tenantId, cancellation) ?? "";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the tenant directory");
            return null;
        }
    }

    private (CellHost?, (StatusCode, string)?) Known(string region) =>
        cells.Find(region) is { } cell ? (cell, null)
            : (null, (StatusCode.Unavailable, $"region '{region}' is not served by this gateway (Actors:Cells lacks it); ask the operator"));

    private bool IsOperator(HttpContext http) => operatorKey.Matches(http.Request.Headers["x-api-key"].ToString());

    private string Regions => string.Join(", ", cells.All.Select(c => c.Region));
}
