using Actors.Api.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Actors.Api.Validation;

/// <summary>
/// The checks every request message gets before any service sees it, whatever its type: each
/// Timestamp and Duration in range (WellKnownRules), each enum value one the contract defines.
/// One walk over the message's descriptor, so a field added tomorrow is checked tomorrow.
/// Service rules (what is required, limits) come after, in the services.
/// </summary>
public static class MessageShape
{
    public static void Check(IMessage message) => Check(message, "");

    private static void Check(IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (System.Collections.DictionaryEntry entry in (System.Collections.IDictionary)value)
                {
                    CheckValue(valueField, entry.Value, $"{path}[\"{entry.Key}\"]");
                }
            }
            else if (field.IsRepeated)
            {
                var i = 0;
                foreach (var item in (System.Collections.IList)value)
                {
                    CheckValue(field, item, $"{path}[{i++}]");
                }
            }
            else if (field.FieldType != FieldType.Message || field.Accessor.HasValue(message))
            {
                CheckValue(field, value, path);
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, object? value, string path)
    {
        switch (value)
        {
            case Timestamp timestamp:
                WellKnownRules.Time(path, timestamp);
                break;
            case Duration duration:
                WellKnownRules.Span(path, duration);
                break;
            case IMessage nested:
                Check(nested, path + ".");
                break;
            case System.Enum when field.FieldType == FieldType.Enum && field.EnumType.FindValueByNumber(Convert.ToInt32(value)) is null:
                throw Reject.InvalidArgument(path, $"is {Convert.ToInt32(value)}, which is not a value of {field.EnumType.Name}; it must be one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))}");
        }
    }
}
