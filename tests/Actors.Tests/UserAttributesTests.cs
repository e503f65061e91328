using System.Text;
using Actors.Abstractions.Users;
using Actors.Silo.Storage;

namespace Actors.Tests;

public sealed class UserAttributesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static StoredAttribute Attribute(string name, string value, int rectifications = 0) =>
        new(name, value, "account", Now, rectifications);

    [Fact]
    public void Attributes_are_kept_in_name_order_and_a_name_is_replaced_not_repeated()
    {
        var attributes = UserAttributes.Empty
            .SetMany([Attribute("name", "Ada"), Attribute("city", "Bonn"), Attribute("email", "a@example.com")])
            .SetMany([Attribute("city", "Delft"), Attribute("age", "36"), Attribute("city", "Graz")]);

        Assert.Equal(["age", "city", "email", "name"], attributes.Select(a => a.Name));
        Assert.Equal("Graz", attributes.Find("city")?.Value);
        Assert.Null(attributes.Find("phone"));
    }

    [Fact]
    public void Removing_leaves_the_others_and_the_original_set_unchanged()
    {
        var before = UserAttributes.From([Attribute("a", "1"), Attribute("b", "2"), Attribute("c", "3")]);

        var after = before.Remove("b");

        Assert.Equal(["a", "c"], after.Select(a => a.Name));
        Assert.Equal(["a", "b", "c"], before.Select(a => a.Name));
        Assert.Same(after, after.Remove("b"));
        Assert.Empty(after.Remove("a").Remove("c"));
    }

    [Fact]
    public void Users_share_one_copy_of_a_declared_name_and_purpose_but_never_of_a_value()
    {
        // Strings built at run time, as a request or a stored row delivers them: equal, not the same object.
        string Fresh(string text) => new(text.AsSpan());
        var first = UserAttributes.From([new StoredAttribute(Fresh("email"), Fresh("a@example.com"), Fresh("account"), Now, 0)]).Single();
        var second = UserAttributes.From([new StoredAttribute(Fresh("email"), Fresh("a@example.com"), Fresh("account"), Now, 0)]).Single();

        Assert.Same(first.Name, second.Name);
        Assert.Same(first.Purpose, second.Purpose);
        Assert.NotSame(first.Value, second.Value);
    }

    [Fact]
    public void Attributes_are_stored_as_an_object_keyed_by_name_and_rows_of_that_shape_read_back()
    {
        var serializer = new JsonGrainStateSerializer();
        var state = new UserState { Attributes = UserAttributes.From([Attribute("email", "a@example.com", 2)]) };

        var json = Encoding.UTF8.GetString(serializer.Serialize(state).ToArray());

        Assert.Contains("\"attributes\":{\"email\":{\"value\":\"a@example.com\",\"purpose\":\"account\",\"updatedAt\":\"2026-11-23T10:00:00+00:00\",\"rectifications\":2}}", json);
        const string stored = """
            {"version":4,"attributes":{"name":{"value":"Ada","purpose":"account","updatedAt":"2026-01-02T03:04:05+00:00","rectifications":1},
             "city":{"rectifications":0,"updatedAt":"2026-01-02T03:04:05+00:00","purpose":"delivery","value":"Bonn"}}}
            """;
        var back = serializer.Deserialize<UserState>(new BinaryData(Encoding.UTF8.GetBytes(stored)))!;
        Assert.Equal(
            [new StoredAttribute("city", "Bonn", "delivery", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 0),
             new StoredAttribute("name", "Ada", "account", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 1)],
            back.Attributes);
    }

    [Fact]
    public void A_row_the_serializer_would_have_read_before_still_reads_so_its_user_can_be_loaded_and_forgotten()
    {
        // Field names in any case and numbers as strings, as the Web defaults accept; a value the
        // platform never stores (null) reads as empty rather than making the user unloadable.
        const string stored = """
            {"attributes":{"city":{"Value":"Bonn","PURPOSE":"delivery","UpdatedAt":"2026-01-02T03:04:05+00:00","rectifications":"3"},
             "name":{"value":null,"purpose":"account","updatedAt":"2026-01-02T03:04:05+00:00","rectifications":0}}}
            """;

        var back = new JsonGrainStateSerializer().Deserialize<UserState>(new BinaryData(Encoding.UTF8.GetBytes(stored)))!;

        Assert.Equal(("Bonn", "delivery", 3), (back.Attributes.Find("city")!.Value.Value, back.Attributes.Find("city")!.Value.Purpose, back.Attributes.Find("city")!.Value.Rectifications));
        Assert.Equal("", back.Attributes.Find("name")!.Value.Value);
    }
}
