using Actors.Abstractions.Tenants;

namespace Actors.Api.Incidents;

/// <summary>
/// The assessment's category items in words, for the tenant's declarations: a write names its
/// attributes and purposes; a read or export involved all the user had, so it names what the
/// tenant declared.
/// </summary>
public static class IncidentCategories
{
    public static IReadOnlyList<string> Describe(IReadOnlyList<string> items, TenantState? tenant)
    {
        var described = new List<string>();
        Add(described, items, "attributes", "profile attributes", tenant?.Attributes.Keys);
        Add(described, items, "consents", "consent records", tenant?.Purposes.Keys);
        Add(described, items, "events", "raw events and activity counts", null);
        Add(described, items, "suppression", "suppression state", null);
        Add(described, items, "requests", "data subject requests and their exports", null);
        return described;
    }

    private static void Add(List<string> described, IReadOnlyList<string> items, string label, string words, IEnumerable<string>? declared)
    {
        var names = items.Where(i => i.StartsWith(label + ":", StringComparison.Ordinal)).Select(i => i[(label.Length + 1)..]).ToHashSet(StringComparer.Ordinal);
        var whole = items.Contains(label);
        if (whole && declared is not null)
        {
            names.UnionWith(declared);
        }
        if (names.Count > 0)
        {
            described.Add($"{words}: {string.Join(", ", names.Order(StringComparer.Ordinal))}");
        }
        else if (whole)
        {
            described.Add(words);
        }
    }
}
