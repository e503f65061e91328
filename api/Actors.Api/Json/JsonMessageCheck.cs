using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Actors.Api.Json;

/// <summary>
/// Checks a JSON body against the message it must parse into, field by field, and names the
/// first value that does not fit with its JSON pointer and what was expected. protobuf's own JSON
/// parser stops at the first bad value without saying where ("yesterday" for a timestamp in the
/// fourth event of a batch); this says <c>/events/3/occurredAt</c>.
/// </summary>
public static class JsonMessageCheck
{
    public sealed record Violation(string Pointer, string Expected);

    public static Violation? FirstViolation(MessageDescriptor descriptor, JsonElement body) => Message(descriptor, body, "");

    private static Violation? Message(MessageDescriptor descriptor, JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new Violation(pointer, $"must be a JSON object ({descriptor.Name})");
        }
        foreach (var property in value.EnumerateObject())
        {
            var field = descriptor.Fields.InFieldNumberOrder().FirstOrDefault(f => f.JsonName == property.Name || f.Name == property.Name);
            var at = $"{pointer}/{JsonPointers.Escape(property.Name)}";
            if (field is null)
            {
                return new Violation(at, $"is not a field of {descriptor.Name}");
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var violation = field.IsMap ? Map(field, property.Value, at)
                : field.IsRepeated ? Repeated(field, property.Value, at)
                : Single(field, property.Value, at);
            if (violation is not null)
            {
                return violation;
            }
        }
        return null;
    }

    private static Violation? Repeated(FieldDescriptor field, JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return new Violation(pointer, "must be a JSON array");
        }
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Single(field, item, $"{pointer}/{i++}") is { } violation)
            {
                return violation;
            }
        }
        return null;
    }

    private static Violation? Map(FieldDescriptor field, JsonElement value, string pointer)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return new Violation(pointer, "must be a JSON object of keys and values");
        }
        var valueField = field.MessageType.FindFieldByNumber(2);
        foreach (var entry in value.EnumerateObject())
        {
            if (Single(valueField, entry.Value, $"{pointer}/{JsonPointers.Escape(entry.Name)}") is { } violation)
            {
                return violation;
            }
        }
        return null;
    }

    private static Violation? Single(FieldDescriptor field, JsonElement value, string pointer) => field.FieldType switch
    {
        FieldType.String => value.ValueKind == JsonValueKind.String ? null : new Violation(pointer, "must be a JSON string"),
        FieldType.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : new Violation(pointer, "must be true or false"),
        FieldType.Bytes => value.ValueKind == JsonValueKind.String && IsBase64(value.GetString()!) ? null : new Violation(pointer, "must be a base64 string"),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Integer(value, pointer, int.MinValue, int.MaxValue),
        FieldType.UInt32 or FieldType.Fixed32 => Integer(value, pointer, 0, uint.MaxValue),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Integer(value, pointer, long.MinValue, long.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => Integer(value, pointer, 0, long.MaxValue),
        FieldType.Double or FieldType.Float => value.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)
            ? null : new Violation(pointer, "must be a number"),
        FieldType.Enum => Enum(field.EnumType, value, pointer),
        FieldType.Message => field.MessageType.FullName switch
        {
            "google.protobuf.Timestamp" => WellKnown<Timestamp>(value, pointer, "must be an RFC 3339 time in UTC, for example \"2026-11-23T10:00:00Z\""),
            "google.protobuf.Duration" => WellKnown<Duration>(value, pointer, "must be a duration in seconds with an \"s\" suffix, for example \"3600s\""),
            _ => Message(field.MessageType, value, pointer),
        },
        _ => null,
    };

    private static Violation? Integer(JsonElement value, string pointer, decimal min, decimal max)
    {
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out var n) && n == decimal.Truncate(n) && n >= min && n <= max,
            JsonValueKind.String => decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= min && s <= max,
            _ => false,
        };
        return ok ? null : new Violation(pointer, $"must be a whole number from {min} to {max}");
    }

    private static Violation? Enum(EnumDescriptor type, JsonElement value, string pointer)
    {
        var ok = value.ValueKind switch
        {
            JsonValueKind.String => type.FindValueByName(value.GetString()!) is not null,
            JsonValueKind.Number => value.TryGetInt32(out var n) && type.FindValueByNumber(n) is not null,
            _ => false,
        };
        return ok ? null : new Violation(pointer, $"must be one of {string.Join(", ", type.Values.Select(v => v.Name))}");
    }

    private static Violation? WellKnown<T>(JsonElement value, string pointer, string expected) where T : IMessage, new()
    {
        try
        {
            JsonParser.Default.Parse<T>(value.GetRawText());
            return null;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
        {
            return new Violation(pointer, expected);
        }
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _)
            || Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight((text.Length + 3) / 4 * 4, '='), buffer, out _);
    }
}
