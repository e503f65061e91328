using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Fuzzing;

/// <summary>
/// Every field of every request of every service (found in the descriptors, no list to keep),
/// broken the ways its type can be broken, sent with every kind of key, over gRPC and over the
/// JSON routes. Every answer must be a status the caller can act on: never INTERNAL or UNKNOWN
/// (bar gRPC's own answer to a broken frame), a refusal for bad input names a field (exactly
/// the broken one when it broke its type's range), and nothing stored outside the fuzzing
/// tenant changes. Deterministic (seed 20261206); ACTORS_FUZZ_CALLS and ACTORS_FUZZ_SEED run a
/// longer campaign: ACTORS_FUZZ_CALLS=50000 ./actors test --filter SchemaFuzzTests
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SchemaFuzzTests(PlatformFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] FramingErrors =
    [
        "Incomplete message.",
        "Request did not include grpc-encoding value with compressed message.",
        "Additional data after the message received.",
    ];

    private static int Calls => int.TryParse(Environment.GetEnvironmentVariable("ACTORS_FUZZ_CALLS"), out var n) ? n : 4000;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ACTORS_FUZZ_SEED"), out var n) ? n : 20261206;

    [Fact]
    public async Task Every_field_broken_every_way_with_every_key_gets_a_clear_refusal_and_changes_nothing_stored()
    {
        var (victim, victimExport, fuzzer, keys) = await SetUpAsync();
        var stored = await DatabaseDigest.RowsAsync(fixture.Database, exceptKeysStartingWith: fuzzer.Id);
        var templates = new FuzzTemplates(fuzzer.Id, "fuzz-user");
        var cases = (from method in ContractSchema.Methods
                     from request in FieldMutations.For(method.InputType, templates.For)
                     from key in keys
                     select (method, request, key)).ToList();
        var random = new Random(Seed);
        var chosen = cases.OrderBy(_ => random.Next()).Take(Math.Min(Calls, cases.Count)).ToList();
        // A longer campaign goes on with two faults at once: two messages of one method on the
        // wire one after the other are one message with both (protobuf merges them).
        while (chosen.Count < Calls)
        {
            var (method, first, key) = cases[random.Next(cases.Count)];
            var second = cases.Where(c => c.method == method).ElementAt(random.Next(cases.Count(c => c.method == method))).request;
            chosen.Add((method, new FuzzRequest($"{first.Path}+{second.Path}", $"{first.Mutation} and {second.Mutation}",
                [.. first.Payload, .. second.Payload], ShapeFault: false, first.BrokenFrame || second.BrokenFrame), key));
        }

        using var raw = new RawGrpcCall(fixture.Platform.Address);
        var statuses = new Dictionary<StatusCode, int>();
        var clock = Stopwatch.StartNew();
        foreach (var (method, request, key) in chosen)
        {
            var (status, message) = await raw.SendAsync($"/{method.Service.FullName}/{method.Name}", key.Value, RawGrpcCall.Frame(request.Payload), TimeSpan.FromSeconds(10), key.Token);
            var what = $"{method.FullName} with {request.Path} {request.Mutation} ({key.Name} key) answered {status}: {message}";
            Assert.True(status != StatusCode.Unknown && (status != StatusCode.Internal || request.BrokenFrame && FramingErrors.Any(message.StartsWith)), what);
            if (status == StatusCode.InvalidArgument && !request.BrokenFrame)
            {
                Assert.True(NamesAField(method.InputType, message), $"the refusal names no field of the request: {what}");
            }
            if (request.ShapeFault && status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated))
            {
                Assert.True(status == StatusCode.InvalidArgument && message.StartsWith(request.Path + ": ", StringComparison.Ordinal), $"expected INVALID_ARGUMENT naming {request.Path}: {what}");
            }
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }
        var jsonCalls = await FuzzJsonRoutesAsync(keys, templates);

        output.WriteLine($"{chosen.Count} of {cases.Count} gRPC cases and {jsonCalls} JSON calls in {clock.Elapsed.TotalSeconds:F1} s (seed {Seed}): "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
        var after = await DatabaseDigest.RowsAsync(fixture.Database, exceptKeysStartingWith: fuzzer.Id);
        Assert.All(stored, row => Assert.True(after.GetValueOrDefault(row.Key) == row.Value, $"row {row.Key} changed or vanished"));
        Assert.Equal(ExportJson.WithoutGenerationTime(victimExport), ExportJson.WithoutGenerationTime((await victim.Server.ExportAsync("victim")).Json));
        Assert.True(statuses.GetValueOrDefault(StatusCode.InvalidArgument) > chosen.Count / 5, "most broken fields should be refused as invalid");
        victim.Dispose();
        fuzzer.Dispose();
    }

    /// <summary>
    /// The JSON routes: each field of the body given a value of the wrong JSON type, or one its
    /// type refuses. Every answer is 4xx with a JSON body whose message starts with a JSON pointer.
    /// </summary>
    private async Task<int> FuzzJsonRoutesAsync(IReadOnlyList<(string Name, string Value, string? Token)> keys, FuzzTemplates templates)
    {
        var calls = 0;
        foreach (var method in ContractSchema.Methods.Where(m => ContractSchema.JsonRoute(m) is not null))
        {
            var template = JsonNode.Parse(JsonFormatter.Default.Format(templates.For(method.InputType)))!.AsObject();
            foreach (var (pointer, body) in JsonBreaks(method.InputType, template))
            {
                foreach (var key in keys)
                {
                    using var http = new HttpClient(TestTls.Handler()) { BaseAddress = fixture.Platform.JsonAddress };
                    http.DefaultRequestHeaders.Add("x-api-key", key.Value);
                    if (key.Token is not null)
                    {
                        http.DefaultRequestHeaders.Add("x-device-token", key.Token);
                    }
                    using var answer = await http.PostAsync(ContractSchema.JsonRoute(method), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                    var text = await answer.Content.ReadAsStringAsync();
                    var what = $"POST {ContractSchema.JsonRoute(method)} with {pointer} broken ({key.Name} key): {(int)answer.StatusCode} {text}";
                    Assert.True((int)answer.StatusCode is >= 400 and < 500, what);
                    var message = JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!;
                    if ((int)answer.StatusCode == 400)
                    {
                        Assert.True(message.StartsWith(pointer + ": ", StringComparison.Ordinal) || message.StartsWith('/'), what);
                    }
                    calls++;
                }
            }
        }
        return calls;
    }

    /// <summary>Each top-level field, and each field of the first element of a repeated message field, with values that break it.</summary>
    private static IEnumerable<(string Pointer, string Body)> JsonBreaks(MessageDescriptor type, JsonObject template)
    {
        yield return ("/zzUnknown", With(template, o => o["zzUnknown"] = 1));
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            foreach (var bad in WrongJson(field))
            {
                yield return ($"/{field.JsonName}", With(template, o => o[field.JsonName] = bad.DeepClone()));
            }
            if (field is { IsRepeated: true, IsMap: false, FieldType: FieldType.Message } && template[field.JsonName] is JsonArray { Count: > 0 })
            {
                foreach (var inner in field.MessageType.Fields.InFieldNumberOrder())
                {
                    foreach (var bad in WrongJson(inner))
                    {
                        yield return ($"/{field.JsonName}/0/{inner.JsonName}", With(template, o => o[field.JsonName]![0]!.AsObject()[inner.JsonName] = bad.DeepClone()));
                    }
                }
            }
        }
    }

    private static IEnumerable<JsonNode> WrongJson(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            yield return new JsonArray();
            yield return new JsonObject { ["k"] = 5 };
            yield break;
        }
        if (field.IsRepeated)
        {
            yield return JsonValue.Create("not an array");
            yield break;
        }
        switch (field.FieldType)
        {
            case FieldType.String:
                yield return JsonValue.Create(5);
                yield return new JsonObject();
                break;
            case FieldType.Enum:
                yield return JsonValue.Create("NOT_A_VALUE");
                yield return JsonValue.Create(99);
                break;
            case FieldType.Message when field.MessageType.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration":
                yield return JsonValue.Create("yesterday");
                yield return JsonValue.Create(12);
                break;
            case FieldType.Message:
                yield return JsonValue.Create("not an object");
                break;
            default:
                yield return JsonValue.Create("not a number or bool");
                break;
        }
    }

    private static string With(JsonObject template, Action<JsonObject> change)
    {
        var copy = template.DeepClone().AsObject();
        change(copy);
        return copy.ToJsonString();
    }

    /// <summary>Whether the refusal's message starts with a path whose first name is a field of the request (or the request as a whole).</summary>
    private static bool NamesAField(MessageDescriptor type, string message)
    {
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }
        var path = message[..colon];
        var first = path.Split('.', '[')[0];
        return first is "request" or "x-device-token" || type.FindFieldByName(first) is not null;
    }

    private async Task<(TestTenant Victim, string VictimExport, TestTenant Fuzzer, IReadOnlyList<(string Name, string Value, string? Token)> Keys)> SetUpAsync()
    {
        var victim = await fixture.CreateTenantAsync();
        await victim.Server.UpsertAttributesAsync("victim", new Dictionary<string, string> { ["email"] = "victim@example.com" });
        await victim.Server.GrantConsentAsync("victim", "marketing", LawfulBasis.Consent, "web", "v1");
        var export = (await victim.Server.ExportAsync("victim")).Json;
        var fuzzer = await fixture.CreateTenantAsync();
        var token = (await fuzzer.Server.IssueDeviceTokenAsync("fuzz-user")).Token;
        return (victim, export, fuzzer,
        [
            ("operator", fixture.Platform.OperatorKey, null),
            ("server", fuzzer.ServerKey.ApiKey, null),
            ("device", fuzzer.DeviceKey.ApiKey, null),
            ("device with token", fuzzer.DeviceKey.ApiKey, token),
        ]);
    }
}
