using Google.Api;
using Google.Protobuf.Reflection;

namespace Actors.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Every service of the contract, found in the compiled protos rather than listed, so that a
/// service, rpc or field added to protos/ is fuzzed the day it is added.
/// </summary>
public static class ContractSchema
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
        typeof(V1.Profiles).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.GetProperty("Descriptor")?.GetValue(null) is FileDescriptor)
            .SelectMany(t => ((FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!).Services)
            .Where(s => s.File.Package == "actors.v1")
            .OrderBy(s => s.FullName, StringComparer.Ordinal)
            .ToList();

    public static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(s => s.Methods);

    /// <summary>The HTTP/JSON route of a method (its google.api.http POST path), or null.</summary>
    public static string? JsonRoute(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { Post.Length: > 0 } rule ? rule.Post : null;
}
