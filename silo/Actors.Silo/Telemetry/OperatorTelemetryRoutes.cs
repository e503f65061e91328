using Actors.Api.Operator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;

namespace Actors.Silo.Telemetry;

/// <summary>
/// What the operator listener serves of the telemetry: <c>/metrics</c> for Prometheus and the
/// Orleans dashboard at <c>/dashboard</c>, both behind the operator key (metrics without it only
/// when <see cref="TelemetryOptions.PublicMetrics"/> says so).
/// </summary>
public static class OperatorTelemetryRoutes
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    public static WebApplication MapOperatorTelemetry(this WebApplication app, TelemetryOptions telemetry)
    {
        if (!telemetry.Enabled)
        {
            return app;
        }
        var metrics = app.MapPrometheusScrapingEndpoint(MetricsPath);
        if (telemetry.PublicMetrics)
        {
            metrics.WithMetadata(new OperatorListener.EndpointMetadata()).AllowAnonymous();
        }
        else
        {
            metrics.OnOperatorListener();
        }
        if (telemetry.Dashboard)
        {
            // The dashboard can show a grain's state as it is in memory: a user's, unsealed. Never
            // here. Told by the route the call matched, not its path, which a trailing slash or
            // another casing would change.
            app.MapOrleansDashboard(DashboardPath).OnOperatorListener().AddEndpointFilter(async (context, next) =>
                IsGrainState(context.HttpContext.GetEndpoint())
                    ? TypedResults.Json(new { error = "the dashboard does not show grain state here: a user grain's state is personal data; the console shows counts" }, statusCode: StatusCodes.Status403Forbidden)
                    : await next(context));
        }
        return app;
    }

    private static bool IsGrainState(Endpoint? endpoint) =>
        endpoint is not RouteEndpoint route
        || route.RoutePattern.RawText?.TrimEnd('/').EndsWith("/GrainState", StringComparison.OrdinalIgnoreCase) != false;
}
