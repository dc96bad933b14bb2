using ModelHub.Core.Audit;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Unit;

public sealed class AuditHashTests
{
    private static AuditEntry Entry() => new()
    {
        Id = Guid.Parse("0193f0a0-0000-7000-8000-000000000001"),
        Sequence = 7,
        At = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero),
        ActorId = "u1",
        ActorName = "ana@example.com",
        Action = AuditActions.UserRolesChanged,
        ObjectType = AuditObjects.User,
        ObjectId = "u2",
        ObjectName = "bo@example.com",
        Before = """{"roles":[]}""",
        After = """{"roles":["Admin"]}""",
        Reason = "on call",
        PreviousHash = new string('a', 64),
        Hash = "",
    };

    public static TheoryData<string> Fields() =>
        ["Id", "Sequence", "At", "ActorId", "ActorName", "Action", "ObjectType", "ObjectId", "ObjectName", "Before", "After", "Reason", "PreviousHash"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_field_but_the_hash_changes_the_hash(string field)
    {
        var original = AuditHash.Compute(Entry());
        var changed = Entry();
        Action<AuditEntry> change = field switch
        {
            "Id" => e => e.Id = Guid.NewGuid(),
            "Sequence" => e => e.Sequence++,
            "At" => e => e.At = e.At.AddTicks(1),
            "ActorId" => e => e.ActorId = null,
            "ActorName" => e => e.ActorName += " ",
            "Action" => e => e.Action = AuditActions.UserCreated,
            "ObjectType" => e => e.ObjectType = AuditObjects.Token,
            "ObjectId" => e => e.ObjectId = "u3",
            "ObjectName" => e => e.ObjectName = "",
            "Before" => e => e.Before = null,
            "After" => e => e.After = """{"roles":["Admin","Reviewer"]}""",
            "Reason" => e => e.Reason = null,
            "PreviousHash" => e => e.PreviousHash = new string('b', 64),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        change(changed);

        Assert.NotEqual(original, AuditHash.Compute(changed));
    }

    [Fact]
    public void The_hash_is_lower_hex_sha256_and_ignores_the_stored_hash()
    {
        var entry = Entry();
        var hash = AuditHash.Compute(entry);
        entry.Hash = "anything";

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, AuditHash.Compute(entry));
    }

    [Fact]
    public void Moving_text_between_neighbouring_fields_changes_the_hash()
    {
        var a = Entry();
        (a.ActorName, a.Action) = ("ana@example.comuser", ".created");
        var b = Entry();
        (b.ActorName, b.Action) = ("ana@example.com", "user.created");

        Assert.NotEqual(AuditHash.Compute(a), AuditHash.Compute(b));
    }

    [Fact]
    public void The_same_instant_in_another_offset_hashes_the_same()
    {
        var utc = Entry();
        var local = Entry();
        local.At = utc.At.ToOffset(TimeSpan.FromHours(2));

        Assert.Equal(AuditHash.Compute(utc), AuditHash.Compute(local));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData(null, "")]
    public void Csv_cells_are_quoted_per_rfc_4180_and_formulas_are_defused(string? value, string expected) =>
        Assert.Equal(expected, AuditQueries.CsvCell(value));
}
