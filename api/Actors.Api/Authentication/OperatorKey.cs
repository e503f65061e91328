using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Actors.Api.Authentication;

/// <summary>The platform operator's key, and the one comparison every way in makes against it.</summary>
public sealed class OperatorKey(IOptions<GatewayOptions> gateway)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(gateway.Value.OperatorKey);

    /// <summary>In constant time, so that the time an answer takes says nothing of how much of the key was right.</summary>
    public bool Matches(string presented) =>
        _key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}
