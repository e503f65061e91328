using System.Text.Json;
using System.Text.Json.Serialization;

namespace Actors.Abstractions.Users;

/// <summary>
/// Stores a user's attributes as a JSON object keyed by name, each value an object of value,
/// purpose, updatedAt and rectifications: the shape rows have had since the first release, so
/// stored users read back unchanged.
/// </summary>
public sealed class UserAttributesJson : JsonConverter<UserAttributes>
{
    public override UserAttributes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var attributes = new List<StoredAttribute>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject);
            string? value = null, purpose = null;
            DateTimeOffset updatedAt = default;
            var rectifications = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var field = reader.GetString();
                reader.Read();
                switch (field)
                {
                    case "value": value = reader.GetString(); break;
                    case "purpose": purpose = reader.GetString(); break;
                    case "updatedAt": updatedAt = reader.GetDateTimeOffset(); break;
                    case "rectifications": rectifications = reader.GetInt32(); break;
                    default: reader.Skip(); break;
                }
            }
            attributes.Add(new StoredAttribute(name,
                value ?? throw new JsonException($"attribute '{name}' has no value"),
                purpose ?? throw new JsonException($"attribute '{name}' has no purpose"), updatedAt, rectifications));
        }
        return UserAttributes.From(attributes);
    }

    public override void Write(Utf8JsonWriter writer, UserAttributes attributes, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var attribute in attributes)
        {
            writer.WriteStartObject(attribute.Name);
            writer.WriteString("value", attribute.Value);
            writer.WriteString("purpose", attribute.Purpose);
            writer.WriteString("updatedAt", attribute.UpdatedAt);
            writer.WriteNumber("rectifications", attribute.Rectifications);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"expected {token} in stored attributes, found {reader.TokenType}");
        }
    }
}
