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
                var field = reader.GetString()!;
                reader.Read();
                if (Is(field, "value", options))
                {
                    value = reader.GetString();
                }
                else if (Is(field, "purpose", options))
                {
                    purpose = reader.GetString();
                }
                else if (Is(field, "updatedAt", options))
                {
                    updatedAt = reader.GetDateTimeOffset();
                }
                else if (Is(field, "rectifications", options))
                {
                    rectifications = reader.TokenType == JsonTokenType.String
                        ? int.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                        : reader.GetInt32();
                }
                else
                {
                    reader.Skip();
                }
            }
            // The platform never stores a missing value or purpose; a row without one is read, not
            // refused, so that its user can still be loaded, and so forgotten.
            attributes.Add(new StoredAttribute(name, value ?? "", purpose ?? "", updatedAt, rectifications));
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

    /// <summary>Field names as the serializer's own reading of records matched them (the Web defaults ignore case).</summary>
    private static bool Is(string field, string name, JsonSerializerOptions options) =>
        string.Equals(field, name, options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"expected {token} in stored attributes, found {reader.TokenType}");
        }
    }
}
