using System.Text.Json;

namespace Actors.Abstractions.Requests;

/// <summary>
/// A request's status in the OpenDSR layout, as the status route answers and as each callback
/// carries it. It names the request, never the data subject.
/// </summary>
public static class OpenDsrStatusDocument
{
    /// <param name="callbackUrl">The receiver, for a callback (the spec's status_callback_url); null for the status route.</param>
    /// <param name="resultsBaseUrl">The public base address of the OpenDSR routes, for results_url while an export is kept; empty for none.</param>
    public static byte[] Write(DataSubjectRequestState request, DateTimeOffset now, string? callbackUrl, string resultsBaseUrl)
    {
        var resultsUrl = request.ExportKept(now) && resultsBaseUrl.Length > 0
            ? $"{resultsBaseUrl.TrimEnd('/')}/opendsr/v1/requests/{request.RequestId:D}/export"
            : null;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("controller_id", request.TenantId);
            json.WriteString("subject_request_id", request.RequestId.ToString("D"));
            json.WriteString("subject_request_type", OpenDsrNames.Of(request.Type));
            json.WriteString("request_status", OpenDsrNames.Of(request.Status));
            json.WriteString("received_time", request.ReceivedAt);
            json.WriteString("expected_completion_time", RequestDeadlines.ExpectedCompletion(request, now));
            json.WriteString("api_version", OpenDsrNames.ApiVersion);
            if (callbackUrl is not null)
            {
                json.WriteString("status_callback_url", callbackUrl);
            }
            if (request.Status == RequestStatus.Completed && request.ResultsCount is { } count)
            {
                json.WriteNumber("results_count", count);
            }
            if (resultsUrl is not null)
            {
                json.WriteString("results_url", resultsUrl);
            }
            if (request.Status is RequestStatus.Denied or RequestStatus.Cancelled && request.Reason.Length > 0)
            {
                json.WriteString("reason", request.Reason);
            }
            // The transition this document reports, so a receiver can tell two reports of one status apart.
            json.WriteNumber("version", request.Version);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
