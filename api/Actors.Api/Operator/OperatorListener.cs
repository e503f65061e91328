using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Api.Operator;

/// <summary>
/// The operator listener (Actors:OperatorUrl): a port of its own for the console, metrics and the
/// dashboard. Its routes answer there only, and nothing of the gateway answers there, by the port
/// the connection arrived on: a Host header is the client's to choose, so RequireHost alone would
/// let a call to the gRPC port name the operator's.
/// </summary>
/// <param name="Port">The listener's port; -1 when it is off.</param>
public sealed record OperatorListener(int Port)
{
    /// <summary>Marks an endpoint as one of the operator listener's.</summary>
    public sealed class EndpointMetadata;

    public bool IsOn => Port > 0;
}

/// <summary>How a route is put on the operator listener, behind the operator key.</summary>
public static class OperatorListenerExtensions
{
    /// <summary>
    /// Serves the endpoints on the operator listener only, behind <paramref name="policy"/>
    /// (<see cref="OperatorPolicies.Operator"/> unless told): <c>app.MapPrometheusScrapingEndpoint().OnOperatorListener()</c>.
    /// </summary>
    public static TBuilder OnOperatorListener<TBuilder>(this TBuilder builder, string policy = OperatorPolicies.Operator)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new OperatorListener.EndpointMetadata());
        builder.RequireAuthorization(policy);
        return builder;
    }

    /// <summary>
    /// Answers 404 for an operator route on another port and for anything else on the operator
    /// port. Runs after routing and before authentication, so that neither side learns anything
    /// of the other, not even that a key is wanted.
    /// </summary>
    public static IApplicationBuilder UseOperatorListener(this IApplicationBuilder app)
    {
        var listener = app.ApplicationServices.GetService<OperatorListener>() ?? new OperatorListener(-1);
        return app.Use((context, next) =>
        {
            var arrivedOnListener = listener.IsOn && context.Connection.LocalPort == listener.Port;
            var forListener = context.GetEndpoint()?.Metadata.GetMetadata<OperatorListener.EndpointMetadata>() is not null;
            if (arrivedOnListener == forListener)
            {
                return next(context);
            }
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return arrivedOnListener
                ? context.Response.WriteAsync("nothing here: the operator listener serves /console (and what the operator maps on it); the gateway answers on its own ports")
                : Task.CompletedTask;
        });
    }
}
