using Microsoft.Extensions.Compliance.Classification;

namespace Actors.Abstractions.Privacy;

/// <summary>
/// The platform's data classifications: what a value is, so that telemetry can treat it by
/// construction. The types that carry such values mark their members with the attributes below,
/// and every log message that takes one names it as a parameter with the same attribute; the
/// process's logging redacts them (silo/Actors.Silo/Logging/LoggingSetup.cs).
/// </summary>
public static class PersonalData
{
    public const string Taxonomy = "Actors";

    /// <summary>A user id as the tenant names the user: identifies a person.</summary>
    public static DataClassification UserId { get; } = new(Taxonomy, nameof(UserId));

    /// <summary>A profile attribute's value (an e-mail address, a name, anything a tenant declares).</summary>
    public static DataClassification AttributeValue { get; } = new(Taxonomy, nameof(AttributeValue));

    /// <summary>Where a consent was given (a form, a page, a device): evidence about a person.</summary>
    public static DataClassification ConsentSource { get; } = new(Taxonomy, nameof(ConsentSource));

    /// <summary>A client's IP address: personal data (CJEU C-582/14); only a derived country is kept.</summary>
    public static DataClassification IpAddress { get; } = new(Taxonomy, nameof(IpAddress));

    /// <summary>Other things said about a person: reasons, event properties, identities given in a request.</summary>
    public static DataClassification Other { get; } = new(Taxonomy, nameof(Other));

    /// <summary>A credential: an API key, a device token, a signing secret, a key's bytes.</summary>
    public static DataClassification Secret { get; } = new(Taxonomy, nameof(Secret));

    /// <summary>
    /// A pseudonymous reference to a user (the HMAC of the user id under a key derived from the
    /// master key, as in grain keys and the audit trail): names nobody without the master key, so
    /// logs keep it to tie a line to the audit trail. Classified, so that the choice is made in one place.
    /// </summary>
    public static DataClassification Pseudonymous { get; } = new(Taxonomy, nameof(Pseudonymous));

    /// <summary>Every classification telemetry must never show: each is redacted.</summary>
    public static DataClassificationSet Redacted { get; } = new(UserId, AttributeValue, ConsentSource, IpAddress, Other, Secret);
}

/// <summary>A user id as the tenant names the user.</summary>
public sealed class UserIdAttribute() : DataClassificationAttribute(PersonalData.UserId);

/// <summary>A profile attribute's value.</summary>
public sealed class AttributeValueAttribute() : DataClassificationAttribute(PersonalData.AttributeValue);

/// <summary>Where a consent was given.</summary>
public sealed class ConsentSourceAttribute() : DataClassificationAttribute(PersonalData.ConsentSource);

/// <summary>A client's IP address.</summary>
public sealed class IpAddressAttribute() : DataClassificationAttribute(PersonalData.IpAddress);

/// <summary>Anything else said about a person: reasons, event properties, identities.</summary>
public sealed class PersonalDataAttribute() : DataClassificationAttribute(PersonalData.Other);

/// <summary>A credential: an API key, a token, a secret.</summary>
public sealed class SecretAttribute() : DataClassificationAttribute(PersonalData.Secret);

/// <summary>A pseudonymous user reference (an HMAC): kept in logs, see <see cref="PersonalData.Pseudonymous"/>.</summary>
public sealed class PseudonymousAttribute() : DataClassificationAttribute(PersonalData.Pseudonymous);
