using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Actors.Silo.Logging;

/// <summary>
/// One log entry as a JSON object: <c>Timestamp</c> (UTC, ISO 8601), <c>LogLevel</c>,
/// <c>Category</c>, <c>EventId</c>, <c>Message</c>, <c>Exception</c>, <c>TraceId</c> and
/// <c>SpanId</c> (of the call it was written in), <c>State</c> (the message's named values) and
/// <c>Scopes</c>.
/// </summary>
public static class JsonLogLine
{
    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write<TState>(DateTimeOffset at, LogLevel level, string category, EventId eventId, string message, Exception? exception, TState state, IExternalScopeProvider scopes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            json.WriteString("LogLevel", level.ToString());
            json.WriteString("Category", category);
            json.WriteNumber("EventId", eventId.Id);
            if (eventId.Name is { } name)
            {
                json.WriteString("EventName", name);
            }
            json.WriteString("Message", message);
            if (exception is not null)
            {
                json.WriteString("Exception", exception.ToString());
            }
            WriteTrace(json);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                json.WriteStartObject("State");
                WriteValues(json, values);
                json.WriteEndObject();
            }
            json.WriteStartArray("Scopes");
            scopes.ForEachScope(static (scope, json) => WriteScope(json, scope), json);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The trace and span of the call the entry was written in, as the logger factory also puts them in a scope (ActivityTrackingOptions).</summary>
    private static void WriteTrace(Utf8JsonWriter json)
    {
        if (System.Diagnostics.Activity.Current is { } activity)
        {
            json.WriteString("TraceId", activity.TraceId.ToHexString());
            json.WriteString("SpanId", activity.SpanId.ToHexString());
        }
    }

    private static void WriteScope(Utf8JsonWriter json, object? scope)
    {
        if (scope is IEnumerable<KeyValuePair<string, object?>> values)
        {
            json.WriteStartObject();
            WriteValues(json, values);
            json.WriteEndObject();
        }
        else if (scope is not null)
        {
            json.WriteStringValue(Convert.ToString(scope, CultureInfo.InvariantCulture));
        }
    }

    private static void WriteValues(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> values)
    {
        foreach (var (key, value) in values)
        {
            if (key == OriginalFormat)
            {
                json.WriteString("Template", value?.ToString());
                continue;
            }
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case int or long or short or byte or uint or ulong:
                    json.WritePropertyName(key);
                    json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
