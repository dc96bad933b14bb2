namespace ModelHub.Core.Simulator;

/// <summary>
/// Loss and token-accuracy curves shaped like real fine-tuning runs: noisy exponential decay towards a floor set by
/// how learnable the data is, validation above training, and validation rising again when epochs run past the optimum.
/// The same job inputs always give the same curve.
/// </summary>
public static class TrainingCurve
{
    private const double OptimalEpochs = 3;

    public static IReadOnlyList<StepMetrics> Compute(SimJob job, bool hasValidation)
    {
        // HashCode is randomised per process; the curve must be the same across restarts, so mix the inputs ourselves.
        var random = new Random(StableSeed(job));
        var a = Math.Clamp(job.Learnability, 0, 1);
        var speed = 1.2 * Math.Sqrt(Math.Clamp(job.Hyperparameters.LearningRateMultiplier, 0.05, 10));
        var initial = 2.2 + 0.3 * random.NextDouble();
        var generalisableFloor = 0.04 + 1.05 * (1 - a);
        var points = new StepMetrics[job.TotalSteps];

        for (var step = 1; step <= job.TotalSteps; step++)
        {
            var epoch = (double)step / job.StepsPerEpoch;
            var decay = Math.Exp(-speed * epoch);

            // Unlearnable data can still be memorised: training loss keeps falling while validation loss does not.
            var memorised = (1 - a) * 0.8 * (1 - Math.Exp(-0.35 * epoch));
            var trainSmooth = generalisableFloor - memorised + (initial - generalisableFloor) * decay;
            var train = Math.Max(0.005, trainSmooth * (1 + 0.09 * Gaussian(random)));

            double? valid = null;
            double? validAccuracy = null;
            if (hasValidation)
            {
                var overfit = epoch > OptimalEpochs ? 0.08 * Math.Pow(epoch - OptimalEpochs, 1.3) : 0;
                var validSmooth = generalisableFloor + 0.06 + 0.1 * (1 - a) + (initial + 0.1 - generalisableFloor) * Math.Exp(-0.9 * speed * epoch) + overfit;
                valid = Math.Max(0.01, validSmooth * (1 + 0.04 * Gaussian(random)));
                validAccuracy = Accuracy(valid.Value, random);
            }

            points[step - 1] = new StepMetrics(step, job.TotalSteps, Round(train), Round(Accuracy(train, random)), valid is null ? null : Round(valid.Value), validAccuracy is null ? null : Round(validAccuracy.Value));
        }

        return points;
    }

    private static int StableSeed(SimJob job)
    {
        var h = 17L;
        foreach (var part in new long[] { job.Seed, job.TrainedTokens, job.TrainingExamples, job.Hyperparameters.NEpochs, job.Hyperparameters.BatchSize, BitConverter.DoubleToInt64Bits(job.Hyperparameters.LearningRateMultiplier), BitConverter.DoubleToInt64Bits(job.Learnability) })
        {
            h = unchecked(h * 1_000_003 ^ part);
        }

        return (int)(h ^ (h >>> 32));
    }

    private static double Accuracy(double loss, Random random) => Math.Clamp(1 - 0.38 * loss + 0.01 * Gaussian(random), 0, 1);

    private static double Round(double value) => Math.Round(value, 5);

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
