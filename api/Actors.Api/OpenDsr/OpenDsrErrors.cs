using System.Text.Json;
using Actors.Abstractions.Errors;
using Actors.Api.Errors;
using Actors.Api.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Actors.Api.OpenDsr;

/// <summary>
/// Refusals of the OpenDSR routes in the specification's error layout (section 7.6), from the
/// same checks and grain refusals the gRPC service maps, so both say the same thing.
/// </summary>
public static class OpenDsrErrors
{
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> handler, ILogger logger)
    {
        try
        {
            return await handler();
        }
        catch (RpcException e)
        {
            return Error(e);
        }
        catch (Exception e) when (ErrorMappingInterceptor.Causes(e).OfType<DomainException>().FirstOrDefault() is { } refusal)
        {
            return Error(ErrorMappingInterceptor.Map(refusal));
        }
        catch (Exception e)
        {
            var incident = Guid.NewGuid().ToString("N")[..12];
            logger.LogError(e, "Unexpected failure {Incident} in an OpenDSR route", incident);
            return Error(new Status(StatusCode.Internal, $"internal error (incident {incident})"));
        }
    }

    /// <param name="field">The JSON pointer of the field at fault (e.g. <c>/submitted_time</c>), or null for the body as a whole.</param>
    public static IResult BadRequest(string reason, string? field, string message) => Error(400, reason, field, message);

    /// <summary>A status in the specification's layout; a field path of the gateway's checks becomes a JSON pointer.</summary>
    public static IResult Error(Status status, string? field = null) =>
        Error(JsonRefusal.HttpStatus(status.StatusCode), status.StatusCode.ToString(), field, status.Detail);

    private static IResult Error(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.FirstOrDefault() is { } violation
            ? Error(new Status(e.StatusCode, violation.Description), JsonPointers.FromFieldPath(violation.Field))
            : Error(e.Status);

    private static IResult Error(int code, string reason, string? field, string message) =>
        Results.Json(new
        {
            error = new
            {
                code,
                message = field is null ? message : $"{field}: {message}",
                errors = new[] { new { domain = code == 400 ? "Validation" : "Request", reason, field, message } },
            },
        }, JsonSerializerOptions.Web, statusCode: code);
}
