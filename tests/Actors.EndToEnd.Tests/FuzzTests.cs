using System.Diagnostics;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// Random and mutated bytes, in valid and broken gRPC frames, to every method of the gateway for
/// a bounded time: every call is answered with a gRPC status within its deadline, the platform
/// stays healthy, and every row stored before is still there unchanged. (Requests that happen
/// to be valid may add rows, or change the fuzzing tenant's own users: that is not a fault.)
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class FuzzTests(PlatformFixture fixture, ITestOutputHelper output)
{
    private static readonly ServiceDescriptor[] Services =
        [Profiles.Descriptor, Consents.Descriptor, Privacy.Descriptor, Tenants.Descriptor, Events.Descriptor, V1.Requests.Descriptor, Audit.Descriptor];

    /// <summary>What the gRPC layer itself answers, as the gRPC protocol prescribes, to a broken frame.</summary>
    private static readonly string[] FramingErrors =
    [
        "Incomplete message.",
        "Request did not include grpc-encoding value with compressed message.",
        "Additional data after the message received.",
    ];

    [Fact]
    public async Task Garbage_to_every_method_gets_a_status_and_changes_nothing_stored()
    {
        using var victim = await fixture.CreateTenantAsync();
        await victim.Server.UpsertAttributesAsync("victim", new Dictionary<string, string> { ["email"] = "victim@example.com" });
        await victim.Server.GrantConsentAsync("victim", "marketing", LawfulBasis.Consent, "web", "v1");
        var victimExport = (await victim.Server.ExportAsync("victim")).Json;
        using var fuzzer = await fixture.CreateTenantAsync();
        var stored = await DatabaseDigest.RowsAsync(fixture.Database, exceptKeysStartingWith: fuzzer.Id);

        var random = new Random(20261123);
        var statuses = new Dictionary<StatusCode, int>();
        using var raw = new RawGrpcCall(fixture.Platform.Address);
        var clock = Stopwatch.StartNew();
        var calls = 0;
        while (calls < 3000 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var method in Services.SelectMany(s => s.Methods))
            {
                var key = method.Service == Tenants.Descriptor ? fixture.Platform.OperatorKey : fuzzer.ServerKey.ApiKey;
                var body = Mutate(random, Template(method.InputType, fuzzer.Id));
                var (status, message) = await raw.SendAsync($"/{method.Service.FullName}/{method.Name}", key, body, TimeSpan.FromSeconds(10));
                Assert.True(status is >= StatusCode.OK and <= StatusCode.Unauthenticated, $"{method.Name}: status {(int)status}");
                Assert.True(status != StatusCode.Unknown && (status != StatusCode.Internal || FramingErrors.Any(message.StartsWith)),
                    $"{method.FullName} answered {status}: {message}");
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                calls++;
            }
        }

        output.WriteLine($"{calls} fuzzed calls in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}");
        var after = await DatabaseDigest.RowsAsync(fixture.Database, exceptKeysStartingWith: fuzzer.Id);
        Assert.All(stored, row => Assert.True(after.GetValueOrDefault(row.Key) == row.Value, $"row {row.Key} changed or vanished"));
        Assert.Equal(ExportJson.WithoutGenerationTime(victimExport), ExportJson.WithoutGenerationTime((await victim.Server.ExportAsync("victim")).Json));
        using var channel = TestTls.Channel(fixture.Platform.Address);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status);
        Assert.True(statuses.GetValueOrDefault(StatusCode.InvalidArgument) > calls / 4, "most garbage should be refused as invalid");
    }

    /// <summary>A plausible request: every string field set to a value the fuzzing tenant owns.</summary>
    private static byte[] Template(MessageDescriptor type, string tenantId)
    {
        var message = type.Parser.ParseFrom([]);
        foreach (var field in type.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.String && !f.IsRepeated))
        {
            field.Accessor.SetValue(message, field.Name == "tenant_id" ? tenantId : $"fuzz-{field.Name}");
        }
        return message.ToByteArray();
    }

    /// <summary>One of the ways a request goes wrong, framed for the wire.</summary>
    private static byte[] Mutate(Random random, byte[] template) => random.Next(8) switch
    {
        0 => RawGrpcCall.Frame(RandomBytes(random, random.Next(0, 300))),
        1 => RawGrpcCall.Frame(FlipBits(random, template)),
        2 => RawGrpcCall.Frame(template[..random.Next(0, template.Length + 1)]),
        3 => RawGrpcCall.Frame(InvalidUtf8(template)),
        4 => RawGrpcCall.Frame(template, claimedLength: (uint)random.Next(template.Length + 1, int.MaxValue)),
        5 => RawGrpcCall.Frame(template, compressed: true),
        6 => RawGrpcCall.Frame(RandomBytes(random, 1024 * 1024 + random.Next(1, 4096))),
        _ => RawGrpcCall.Frame(template)[..random.Next(0, 5)],
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] FlipBits(Random random, byte[] template)
    {
        var bytes = (byte[])template.Clone();
        for (var i = 0; i < 1 + random.Next(4) && bytes.Length > 0; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }
        return bytes;
    }

    /// <summary>The template with the text "fuzz" of its strings replaced by bytes that are not UTF-8.</summary>
    private static byte[] InvalidUtf8(byte[] template)
    {
        var bytes = (byte[])template.Clone();
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'f' && bytes[i + 1] == (byte)'u')
            {
                (bytes[i], bytes[i + 1]) = (0xC3, 0x28);
            }
        }
        return bytes;
    }
}
