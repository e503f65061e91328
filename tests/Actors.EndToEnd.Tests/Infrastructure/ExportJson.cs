using System.Text.Json.Nodes;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Export documents as tests compare them.</summary>
public static class ExportJson
{
    /// <summary>The document without the time it was generated, which differs on every call.</summary>
    public static string WithoutGenerationTime(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("generated_at");
        return node.ToJsonString();
    }
}
