using Actors.Abstractions.Requests;

namespace Actors.Tests;

public sealed class CallbackUrlsTests
{
    [Theory]
    [InlineData("https://dsr.example.com/opendsr/callback")]
    [InlineData("https://dsr.example.com:8443/cb?tenant=acme")]
    [InlineData("https://203.0.113.7/cb")]
    public void Accepts_https_URLs(string url) => Assert.Null(CallbackUrls.Validate(url, allowPrivateNetworks: false));

    [Theory]
    [InlineData("", "a callback URL is required")]
    [InlineData("dsr.example.com/cb", "a callback URL must be an absolute http(s) URL")]
    [InlineData("/cb", "a callback URL must be an absolute http(s) URL")]
    [InlineData("http://dsr.example.com/cb", "a callback URL must be https")]
    [InlineData("ftp://dsr.example.com/cb", "a callback URL must be https")]
    [InlineData("file:///etc/passwd", "a callback URL must be an absolute http(s) URL")]
    [InlineData("https://user:secret@dsr.example.com/cb", "a callback URL must not carry a user name or password")]
    [InlineData("https://10.1.2.3/cb", "a callback URL must name a public address, not a loopback or private one")]
    [InlineData("https://[::1]:8443/cb", "a callback URL must name a public address, not a loopback or private one")]
    public void Refuses_other_URLs_with_the_reason(string url, string reason) =>
        Assert.Equal(reason, CallbackUrls.Validate(url, allowPrivateNetworks: false));

    [Fact]
    public void Allowing_private_networks_allows_http_but_nothing_else()
    {
        Assert.Null(CallbackUrls.Validate("http://127.0.0.1:8080/cb", allowPrivateNetworks: true));
        Assert.Equal("a callback URL must be http or https", CallbackUrls.Validate("ftp://127.0.0.1/cb", allowPrivateNetworks: true));
        Assert.Equal("a callback URL must not carry a user name or password", CallbackUrls.Validate("http://u@127.0.0.1/cb", allowPrivateNetworks: true));
    }

    [Fact]
    public void Refuses_URLs_longer_than_2048_characters()
    {
        var prefix = "https://dsr.example.com/";
        Assert.Null(CallbackUrls.Validate(prefix + new string('a', 2048 - prefix.Length), allowPrivateNetworks: false));
        Assert.Equal("a callback URL is at most 2048 characters",
            CallbackUrls.Validate(prefix + new string('a', 2049 - prefix.Length), allowPrivateNetworks: false));
    }
}
