using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;

namespace Actors.Api.Json;

/// <summary>
/// Before a JSON route's body reaches JSON transcoding, checks it against the rpc's request
/// message, so a bad value is refused with the JSON pointer of its field and what was expected.
/// Bodies that pass are parsed by transcoding as before; nothing is stored for one that fails.
/// </summary>
public static class JsonBodyCheck
{
    public static IApplicationBuilder UseJsonBodyCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var method = http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>()?.MethodDescriptor;
        if (method is null || !HttpMethods.IsPost(http.Request.Method))
        {
            await next(http);
            return;
        }
        http.Request.EnableBuffering();
        JsonMessageCheck.Violation? violation;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            violation = JsonMessageCheck.FirstViolation(method.InputType, body.RootElement);
        }
        catch (JsonException e)
        {
            violation = new JsonMessageCheck.Violation("", $"the body is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        if (violation is not null)
        {
            await JsonRefusal.WriteAsync(http, new Status(StatusCode.InvalidArgument, violation.Expected), violation.Pointer);
            return;
        }
        http.Request.Body.Position = 0;
        await next(http);
    });
}
