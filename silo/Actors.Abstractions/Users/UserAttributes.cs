using System.Collections;
using System.Text.Json.Serialization;

namespace Actors.Abstractions.Users;

/// <summary>
/// A user's profile attributes, in ordinal order of their names. Immutable: a change returns a new
/// set. One array with the attributes inline is a fraction of the memory a dictionary of records
/// takes per user, and a user holds at most <see cref="Limits.AttributesPerUser"/> attributes,
/// so a binary search finds a name as fast as a hash would.
/// </summary>
[GenerateSerializer, Immutable, JsonConverter(typeof(UserAttributesJson))]
public sealed class UserAttributes : IReadOnlyCollection<StoredAttribute>
{
    public static readonly UserAttributes Empty = new([]);

    [Id(0)] private readonly StoredAttribute[] _byName;

    private UserAttributes(StoredAttribute[] byName) => _byName = byName;

    public int Count => _byName.Length;

    public StoredAttribute? Find(string name) => IndexOf(_byName, name) is var index and >= 0 ? _byName[index] : null;

    public bool Contains(string name) => IndexOf(_byName, name) >= 0;

    /// <summary>These attributes with each of <paramref name="attributes"/> added or replacing the one of its name; the last of a name wins.</summary>
    public UserAttributes SetMany(IEnumerable<StoredAttribute> attributes)
    {
        var next = new List<StoredAttribute>(_byName);
        foreach (var attribute in attributes)
        {
            var shared = attribute with { Name = DeclaredNames.Share(attribute.Name), Purpose = DeclaredNames.Share(attribute.Purpose) };
            var index = IndexOf(next, shared.Name);
            if (index >= 0)
            {
                next[index] = shared;
            }
            else
            {
                next.Insert(~index, shared);
            }
        }
        return new UserAttributes([.. next]);
    }

    public UserAttributes Set(StoredAttribute attribute) => SetMany([attribute]);

    public UserAttributes Remove(string name)
    {
        var index = IndexOf(_byName, name);
        if (index < 0)
        {
            return this;
        }
        return _byName.Length == 1 ? Empty : new UserAttributes([.. _byName[..index], .. _byName[(index + 1)..]]);
    }

    public static UserAttributes From(IEnumerable<StoredAttribute> attributes) => Empty.SetMany(attributes);

    public IEnumerator<StoredAttribute> GetEnumerator() => ((IEnumerable<StoredAttribute>)_byName).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The index of <paramref name="name"/> in <paramref name="byName"/>, or the complement of where it would go.</summary>
    private static int IndexOf(IReadOnlyList<StoredAttribute> byName, string name)
    {
        int low = 0, high = byName.Count - 1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var order = string.CompareOrdinal(byName[middle].Name, name);
            if (order == 0)
            {
                return middle;
            }
            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }
        return ~low;
    }
}
