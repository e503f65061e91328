using System.Text.Json;
using Actors.Abstractions.Errors;
using Actors.Api.Errors;
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
            return Error(e.Status);
        }
        catch (Exception e) when (ErrorMappingInterceptor.Causes(e).OfType<DomainException>().FirstOrDefault() is { } refusal)
        {
            return Error(ErrorMappingInterceptor.Map(refusal).Status);
        }
        catch (Exception e)
        {
            var incident = Guid.NewGuid().ToString("N")[..12];
            logger.LogError(e, "Unexpected failure {Incident} in an OpenDSR route", incident);
            return Error(new Status(StatusCode.Internal, $"internal error (incident {incident})"));
        }
    }

    public static IResult BadRequest(string reason, string message) => Error(400, reason, message);

    private static IResult Error(Status status) => Error(HttpStatus(status.StatusCode), status.StatusCode.ToString(), status.Detail);

    private static IResult Error(int code, string reason, string message) =>
        Results.Json(new
        {
            error = new
            {
                code,
                message,
                errors = new[] { new { domain = code == 400 ? "Validation" : "Request", reason, message } },
            },
        }, JsonSerializerOptions.Web, statusCode: code);

    private static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.FailedPrecondition or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };
}
