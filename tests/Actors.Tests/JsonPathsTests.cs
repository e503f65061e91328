using System.Text.Json;
using Actors.Api.Errors;
using Actors.Api.Json;
using Actors.V1;

namespace Actors.Tests;

public sealed class JsonPathsTests
{
    [Theory]
    [InlineData("events[3].occurred_at", "/events/3/occurredAt")]
    [InlineData("attributes[\"email\"]", "/attributes/email")]
    [InlineData("events[0].properties[\"a/b\"]", "/events/0/properties/a~1b")]
    [InlineData("policy.raw_event_retention_days", "/policy/rawEventRetentionDays")]
    [InlineData("request", "")]
    [InlineData("x-device-token", "x-device-token")]
    public void Field_paths_become_JSON_pointers_with_JSON_names(string path, string pointer) =>
        Assert.Equal(pointer, JsonPointers.FromFieldPath(path));

    [Theory]
    [InlineData("""{"events":[{"userId":"u","name":"a","occurredAt":"2026-11-23T10:00:00Z"},{"occurredAt":"yesterday"}]}""", "/events/1/occurredAt")]
    [InlineData("""{"events":[{"properties":{"k":1}}]}""", "/events/0/properties/k")]
    [InlineData("""{"events":{}}""", "/events")]
    [InlineData("""{"evnts":[]}""", "/evnts")]
    [InlineData("""[]""", "")]
    public void The_first_bad_value_is_named(string json, string pointer)
    {
        using var body = JsonDocument.Parse(json);
        Assert.Equal(pointer, JsonMessageCheck.FirstViolation(EventBatch.Descriptor, body.RootElement)?.Pointer);
    }

    [Fact]
    public void A_body_that_fits_its_message_passes()
    {
        using var body = JsonDocument.Parse("""{"events":[{"user_id":"u","name":"a","occurredAt":"2026-11-23T10:00:00.5Z","properties":{"k":"v"}}]}""");
        Assert.Null(JsonMessageCheck.FirstViolation(EventBatch.Descriptor, body.RootElement));
    }

    [Fact]
    public void Grpc_messages_are_percent_encoded_only_outside_printable_ASCII_and_for_percent() =>
        Assert.Equal("unknown, revoked 'x' caf%C3%A9 50%25\\n%0A", GrpcMessage.Encode("unknown, revoked 'x' café 50%\\n\n"));
}
