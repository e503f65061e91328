using System.Text.Json;
using System.Text.Json.Serialization;

namespace Actors.Silo.Storage;

/// <summary>How request state is written to its JSON column: one set of options for writes and reads.</summary>
internal static class RequestJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
