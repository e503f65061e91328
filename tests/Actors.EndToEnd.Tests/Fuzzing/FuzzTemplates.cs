using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Actors.EndToEnd.Tests.Fuzzing;

/// <summary>
/// A plausible request of any type, built from its descriptor: strings that name the fuzzing
/// tenant's own things, times of now, the first value of each enum, one element in each
/// repeated field. The fuzzer breaks one field of it at a time.
/// </summary>
public sealed class FuzzTemplates(string tenantId, string userId)
{
    public IMessage For(MessageDescriptor type) => Build(type, depth: 0);

    private IMessage Build(MessageDescriptor type, int depth)
    {
        var message = type.Parser.ParseFrom([]);
        if (type.FullName == Timestamp.Descriptor.FullName)
        {
            return Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));
        }
        if (type.FullName == Duration.Descriptor.FullName)
        {
            return Duration.FromTimeSpan(TimeSpan.FromHours(1));
        }
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                if (field.MessageType.FindFieldByNumber(1).FieldType == FieldType.String && field.MessageType.FindFieldByNumber(2).FieldType == FieldType.String)
                {
                    ((IDictionary)field.Accessor.GetValue(message))["email"] = "fuzz@example.com";
                }
                continue;
            }
            var value = Value(field, depth);
            if (value is null)
            {
                continue;
            }
            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(value);
            }
            else
            {
                field.Accessor.SetValue(message, value);
            }
        }
        return message;
    }

    private object? Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => field.Name switch
        {
            "tenant_id" => tenantId,
            "user_id" => userId,
            "name" or "attribute" => "email",
            "purpose" => "account",
            "request_id" => "0b4e7c52-6a0e-4d4e-9c55-1f2a3b4c5d6e",
            "page_token" => "",
            _ => $"fuzz-{field.Name.Replace('_', '-')}",
        },
        FieldType.Enum => System.Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values.FirstOrDefault(v => v.Number != 0)?.Number ?? 0),
        FieldType.Message when depth < 3 => Build(field.MessageType, depth + 1),
        _ => null,
    };
}
