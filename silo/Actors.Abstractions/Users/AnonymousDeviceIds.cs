using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// User ids that name an app installation, not a person the tenant knows: "anon:" and 8 to 64
/// of [A-Za-z0-9_-] (a random id the app makes once). A device key that allows anonymous
/// events may send events for these without a user token, and for nothing else.
/// </summary>
public static class AnonymousDeviceIds
{
    public const string Prefix = "anon:";
    public const string Rule = "\"anon:\" followed by 8 to 64 of A-Z a-z 0-9 _ -";

    public static bool IsAnonymous([UserId] string userId)
    {
        if (!userId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = userId.AsSpan(Prefix.Length);
        if (rest.Length is < 8 or > 64)
        {
            return false;
        }
        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }
        return true;
    }
}
