namespace Actors.Abstractions;

/// <summary>The one rule for the platform's identifiers: a-z first, then a-z, 0-9 and the given separators.</summary>
public static class Identifiers
{
    public static bool IsValid(string value, int maxLength, params char[] separators) =>
        value.Length > 0 && value.Length <= maxLength && char.IsAsciiLetterLower(value[0])
        && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || separators.Contains(c));

    /// <summary>A tenant id: [a-z][a-z0-9-]{0,62}.</summary>
    public static bool IsTenantId(string value) => IsValid(value, Limits.TenantIdMaxLength, '-');
}
