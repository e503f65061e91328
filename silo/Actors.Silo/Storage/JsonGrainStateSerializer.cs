using System.Text.Json;
using Orleans.Storage;

namespace Actors.Silo.Storage;

/// <summary>
/// Stores grain state as plain JSON: readable with SQL, and without the CLR type names the
/// default serializer would write into every row.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options);
}
