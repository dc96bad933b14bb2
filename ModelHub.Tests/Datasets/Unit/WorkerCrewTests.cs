using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public sealed class WorkerCrewTests
{
    [Fact]
    public void Every_item_of_every_batch_runs_exactly_once_and_each_thread_meets_its_items_in_ascending_order()
    {
        using var crew = new WorkerCrew(3);
        for (var batch = 0; batch < 200; batch++)
        {
            var count = 1 + (batch % 37);
            var runs = new int[count];
            var lastByThread = new[] { -1, -1, -1 };
            var outOfOrder = 0;
            crew.Run(count, (item, thread) =>
            {
                Interlocked.Increment(ref runs[item]);
                if (item <= lastByThread[thread])
                {
                    Interlocked.Increment(ref outOfOrder);
                }

                lastByThread[thread] = item;
                Thread.SpinWait(200);
            });

            Assert.All(runs, r => Assert.Equal(1, r));
            Assert.Equal(0, outOfOrder);
        }
    }

    [Fact]
    public void The_caller_can_work_while_the_crew_starts_and_joins_in_afterwards()
    {
        using var crew = new WorkerCrew(2);
        var done = 0;
        crew.Start(64, (_, _) => Interlocked.Increment(ref done));
        var callerWork = Enumerable.Range(0, 1000).Sum();
        crew.Finish();

        Assert.Equal(64, done);
        Assert.Equal(499_500, callerWork);
    }

    [Fact]
    public void A_failing_item_surfaces_its_exception_and_the_crew_stays_usable()
    {
        using var crew = new WorkerCrew(2);
        var error = Assert.Throws<InvalidOperationException>(() => crew.Run(50, (item, _) =>
        {
            if (item == 7)
            {
                throw new InvalidOperationException("item 7 failed");
            }
        }));
        Assert.Equal("item 7 failed", error.Message);

        var ran = 0;
        crew.Run(10, (_, _) => Interlocked.Increment(ref ran));
        Assert.Equal(10, ran);
    }
}
