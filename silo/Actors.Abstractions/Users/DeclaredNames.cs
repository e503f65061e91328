using System.Collections.Concurrent;

namespace Actors.Abstractions.Users;

/// <summary>
/// One shared instance of each attribute name and purpose name a tenant has declared, so that a
/// million users holding "email" for "account" hold references, not a million copies. Only
/// declared names come here, never values: a value is personal data and must be gone when its
/// user is forgotten, which a shared pool would prevent.
/// </summary>
public static class DeclaredNames
{
    /// <summary>Far above what tenants declare; past it, names are simply not shared.</summary>
    private const int MostShared = 100_000;

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    public static string Share(string name)
    {
        if (Shared.TryGetValue(name, out var shared))
        {
            return shared;
        }
        return Shared.Count < MostShared ? Shared.GetOrAdd(name, name) : name;
    }
}
