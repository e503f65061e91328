using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Actors.Silo.Cells;

/// <summary>
/// Reads which tenant (and, for CreateTenant, which region) an operator's call to the Tenants
/// service names, so a gateway of several regions sends it to that tenant's cell: every request
/// of the service carries tenant_id as field 1, CreateTenantRequest its region as field 3. The
/// body is buffered and given back unread to the service.
/// </summary>
public static class TenantsCallPeek
{
    public const string ServicePath = "/actors.v1.Tenants/";
    private const string CreateTenantPath = ServicePath + "CreateTenant";

    public static bool Applies(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/actors.v1.Tenants", StringComparison.Ordinal)
        && http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    /// <summary>The tenant id and region the call names ("" where it names none); nulls when the body is not one plain message.</summary>
    /// <param name="largestMessage">The gateway's largest request (Actors:Gateway:MaxReceiveMessageSize): the buffer holds it whole.</param>
    public static async Task<(string TenantId, string Region)?> ReadAsync(HttpContext http, int largestMessage)
    {
        http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: largestMessage + 5);
        var header = new byte[5];
        if (await ReadExactlyAsync(http.Request.Body, header, http.RequestAborted) < 5 || header[0] != 0)
        {
            // Empty, or compressed: no peeking; the call must name its region in a header.
            http.Request.Body.Position = 0;
            return null;
        }
        var length = (header[1] << 24) | (header[2] << 16) | (header[3] << 8) | header[4];
        if (length < 0 || length > largestMessage)
        {
            http.Request.Body.Position = 0;
            return null;
        }
        var message = new byte[length];
        var read = await ReadExactlyAsync(http.Request.Body, message, http.RequestAborted);
        http.Request.Body.Position = 0;
        if (read < length)
        {
            return null;
        }
        string tenantId = "", region = "";
        try
        {
            var input = new CodedInputStream(message);
            for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
            {
                switch (tag)
                {
                    case 10: tenantId = input.ReadString(); break;
                    case 26 when http.Request.Path.Value == CreateTenantPath: region = input.ReadString(); break;
                    default: input.SkipLastField(); break;
                }
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return null; // The service refuses the malformed message itself.
        }
        return (tenantId, region);
    }

    private static async Task<int> ReadExactlyAsync(Stream body, byte[] buffer, CancellationToken cancellation)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total), cancellation);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
