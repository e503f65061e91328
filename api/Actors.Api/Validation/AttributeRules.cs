using System.Collections.Immutable;
using Actors.Abstractions;
using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;
using Actors.Api.Errors;

namespace Actors.Api.Validation;

/// <summary>Data minimisation at the door: only attributes the tenant declared, each with its purpose.</summary>
public static class AttributeRules
{
    public static ImmutableArray<AttributeWrite> Resolve(TenantState tenant, IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            throw Reject.InvalidArgument("attributes", "at least one attribute is required");
        }
        if (attributes.Count > Limits.AttributesPerRequest)
        {
            throw Reject.InvalidArgument("attributes", $"holds {attributes.Count} attributes; the limit is {Limits.AttributesPerRequest} per request");
        }
        return [.. attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => Resolve(tenant, a.Key, a.Value, $"attributes[\"{RequestRules.Printable(a.Key)}\"]", valueField: null))];
    }

    /// <summary>Checks one attribute; <paramref name="valueField"/> defaults to <paramref name="field"/>.</summary>
    public static AttributeWrite Resolve(TenantState tenant, string name, string value, string field, string? valueField)
    {
        var declaration = tenant.Attributes.GetValueOrDefault(name)
            ?? throw Reject.InvalidArgument(field, $"attribute '{RequestRules.Printable(name)}' is not declared by the tenant; declare it with Tenants.DeclareAttributes first");
        RequestRules.AttributeValue(valueField ?? field, value);
        return new AttributeWrite(name, value, declaration.Purpose);
    }
}
