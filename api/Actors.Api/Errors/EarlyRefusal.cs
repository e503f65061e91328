using Actors.Api.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Actors.Api.Errors;

/// <summary>
/// A refusal written before a call reaches its service (authentication, routing to a region):
/// a gRPC status with a message a client can show, instead of a bare HTTP status that clients
/// report as "bad gRPC response"; a JSON call gets the JSON error body its route answers every
/// other refusal with.
/// </summary>
public static class EarlyRefusal
{
    public static Task WriteAsync(HttpContext http, StatusCode code, string message)
    {
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            return JsonRefusal.WriteAsync(http, new Status(code, message));
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/grpc";
        http.Response.Headers["grpc-status"] = ((int)code).ToString();
        http.Response.Headers["grpc-message"] = GrpcMessage.Encode(message);
        return Task.CompletedTask;
    }
}
