using Actors.Api.Validation;
using Grpc.Core;

namespace Actors.Tests;

public sealed class RequestRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ada@example.com")]
    [InlineData("名前-😀")]
    public void Accepts_ordinary_user_ids(string userId) => RequestRules.UserId(userId);

    [Theory]
    [InlineData("", "user_id: is required (1 to 256 UTF-8 bytes)")]
    [InlineData("a\u0001", "user_id: contains control character U+0001 at position 1")]
    [InlineData("\uD800x", "user_id: is not valid UTF-8 (a replacement character or broken surrogate at position 0)")]
    [InlineData("x\uDC00", "user_id: is not valid UTF-8 (a replacement character or broken surrogate at position 1)")]
    public void Refuses_bad_user_ids_with_the_field_and_the_reason(string userId, string message)
    {
        var refusal = Assert.Throws<RpcException>(() => RequestRules.UserId(userId));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Equal(message, refusal.Status.Detail);
    }

    [Fact]
    public void Counts_length_in_UTF8_bytes_not_characters()
    {
        RequestRules.UserId(new string('é', 128));

        var refusal = Assert.Throws<RpcException>(() => RequestRules.UserId(new string('é', 129)));
        Assert.Equal("user_id: is 258 UTF-8 bytes long; the limit is 256", refusal.Status.Detail);
    }

    [Fact]
    public void Attribute_values_may_hold_line_breaks_but_not_other_control_characters()
    {
        RequestRules.AttributeValue("v", "line one\r\nline two\tend");

        Assert.Throws<RpcException>(() => RequestRules.AttributeValue("v", "bell\u0007"));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("a")]
    [InlineData("acme-eu-2")]
    public void Accepts_tenant_ids(string id) => RequestRules.TenantId(id);

    [Theory]
    [InlineData("Acme")]
    [InlineData("1acme")]
    [InlineData("acme_eu")]
    [InlineData("acme.eu")]
    [InlineData("")]
    public void Refuses_tenant_ids_that_could_not_be_part_of_a_key(string id) =>
        Assert.Throws<RpcException>(() => RequestRules.TenantId(id));

    [Fact]
    public void Refuses_a_tenant_id_over_63_characters()
    {
        RequestRules.TenantId(new string('a', 63));

        Assert.Throws<RpcException>(() => RequestRules.TenantId(new string('a', 64)));
    }
}
