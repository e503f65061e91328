using System.Collections.Concurrent;

namespace Actors.Abstractions.Users;

/// <summary>
/// One shared instance of each attribute name and purpose name a tenant has declared, so that a
/// million users holding "email" for "account" hold references, not a million copies. Only
/// declared names come here, never values: a value is personal data and must be gone when its
/// user is forgotten, which a shared pool would prevent. <see cref="UserAttributes"/> is the one
/// caller, and the names it gets were checked against the tenant's declarations before the user
/// grain was called (the gateway's AttributeRules, the request fulfilment) or were stored so.
/// </summary>
public static class DeclaredNames
{
    /// <summary>Far above what tenants declare; past it, names are simply not shared.</summary>
    private const int MostShared = 100_000;

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    /// <summary>Kept apart from the dictionary, whose Count takes all its locks.</summary>
    private static int _count;

    public static string Share(string name)
    {
        if (Shared.TryGetValue(name, out var shared))
        {
            return shared;
        }
        if (Volatile.Read(ref _count) >= MostShared)
        {
            return name;
        }
        if (Shared.TryAdd(name, name))
        {
            Interlocked.Increment(ref _count);
            return name;
        }
        return Shared.TryGetValue(name, out shared) ? shared : name;
    }
}
