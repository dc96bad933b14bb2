using ModelHub.Core.Gateway;
using ModelHub.Core.Realtime;
using ModelHub.Web.Scaleout;

namespace ModelHub.Tests.Scaleout.Unit;

public sealed class UpdateWireFormatTests
{
    public static TheoryData<Update> Samples() =>
    [
        new JobChanged("job:7", 7, "running", 12, 90),
        new JobEventsAdded("job:7", 7, [new JobEventItem("ev-1", new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero), "info", "Step 12", "message")]),
        new JobMetricsAdded("job:7", 7, [new MetricItem("train_loss", 12, 0.25)]),
        new JobEnded("user:u1", 7, "succeeded", "sentiment", null),
        new ModelVersionRegistered("model:sentiment", "sentiment", 3, 7),
        new ModelAliasChanged("model:sentiment", "sentiment", "production"),
        new ModelStageChanged("model:sentiment", "sentiment", 3, "Production", "Ada"),
        new ProductionRolledBack("model:sentiment", "sentiment", 2, "Ada"),
        new PromotionRequestsChanged(Topics.Promotions, "sentiment"),
        new CanaryChanged("model:sentiment", "sentiment", 10),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void An_update_crosses_instances_unchanged(Update update)
    {
        var read = UpdateWireFormat.Read(UpdateWireFormat.Write(new UpdateEnvelope("instance-a", update)));

        Assert.NotNull(read);
        Assert.Equal("instance-a", read.Origin);
        Assert.Equal(update.GetType(), read.Update.GetType());
        // Records compare lists by reference: compare their JSON instead.
        Assert.Equal(UpdateWireFormat.Write(new UpdateEnvelope("x", update)), UpdateWireFormat.Write(new UpdateEnvelope("x", read.Update)));
    }

    [Fact]
    public void Every_update_type_has_its_own_discriminator_except_the_local_only_one()
    {
        var updateTypes = typeof(Update).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Update)) && !t.IsAbstract && t != typeof(UpdatesMayBeMissed))
            .ToList();

        Assert.Empty(updateTypes.Where(t => !UpdateWireFormat.Discriminators.ContainsKey(t)).Select(t => t.Name));
        Assert.Equal(UpdateWireFormat.Discriminators.Count, UpdateWireFormat.Discriminators.Values.Distinct().Count());
        Assert.False(UpdateWireFormat.IsKnown(new UpdatesMayBeMissed(InProcessUpdateBus.AllTopics)));
    }

    [Fact]
    public void The_discriminator_is_explicit_not_the_type_name()
    {
        var json = UpdateWireFormat.Write(new UpdateEnvelope("a", new ModelAliasChanged("model:m", "m", "production")));

        Assert.Contains("\"$type\":\"model-alias-changed\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"origin":"b","update":{"$type":"budget-exceeded-in-a-newer-version","topic":"x"}}""")]
    [InlineData("""{"origin":"b","update":{"topic":"x"}}""")]
    [InlineData("""{"origin":"b"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public void A_message_this_version_does_not_understand_is_ignored(string message) =>
        Assert.Null(UpdateWireFormat.Read(message));
}
