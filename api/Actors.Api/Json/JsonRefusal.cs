using System.Text.Json;
using Actors.Api.OpenDsr;

using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Actors.Api.Json;

/// <summary>
/// Writes a refusal of an HTTP/JSON call with the body its route answers every refusal with: the
/// OpenDSR layout under /opendsr, else the layout JSON transcoding gives gRPC statuses
/// (<c>{"code", "message", "details"}</c>), so that a client parses one kind of error per route.
/// </summary>
public static class JsonRefusal
{
    public static Task WriteAsync(HttpContext http, Status status, string? field = null)
    {
        if (http.Request.Path.StartsWithSegments(OpenDsrRoutes.Prefix))
        {
            return OpenDsrErrors.Error(status, field).ExecuteAsync(http);
        }
        http.Response.StatusCode = HttpStatus(status.StatusCode);
        var details = field is null
            ? Array.Empty<object>()
            : [new Dictionary<string, object>
            {
                ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
                ["fieldViolations"] = new[] { new { field, description = status.Detail } },
            }];
        return http.Response.WriteAsJsonAsync(new
        {
            code = (int)status.StatusCode,
            message = string.IsNullOrEmpty(field) ? status.Detail : $"{field}: {status.Detail}",
            details,
        }, JsonSerializerOptions.Web);
    }

    /// <summary>
    /// A refusal of a JSON-transcoded call, with the field paths of its BadRequest detail turned
    /// into JSON pointers; the transcoder writes it out in the layout above.
    /// </summary>
    public static RpcException ForJsonCall(RpcException e)
    {
        var status = Grpc.Core.RpcExceptionExtensions.GetRpcStatus(e);
        if (status?.GetDetail<Google.Rpc.BadRequest>() is not { FieldViolations: [var violation, ..] } badRequest)
        {
            return e;
        }
        var pointer = JsonPointers.FromFieldPath(violation.Field);
        foreach (var v in badRequest.FieldViolations)
        {
            v.Field = JsonPointers.FromFieldPath(v.Field);
        }
        return new Google.Rpc.Status
        {
            Code = status.Code,
            Message = string.IsNullOrEmpty(pointer) ? violation.Description : $"{pointer}: {violation.Description}",
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
        }.ToRpcException();
    }

    /// <summary>Whether a gRPC method runs for an HTTP/JSON call (JSON transcoding), not a gRPC one.</summary>
    public static bool IsJsonCall(ServerCallContext context) =>
        context.GetHttpContext().Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true;

    public static int HttpStatus(StatusCode code) => code switch
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
