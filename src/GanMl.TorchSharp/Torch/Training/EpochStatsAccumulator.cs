namespace GanMl.Torch;

/// <summary>Sums one epoch's step statistics into their means.</summary>
internal sealed class EpochStatsAccumulator
{
    private double _discriminatorLoss, _generatorLoss, _realScore, _fakeScore;

    /// <summary>Discriminator steps (batches) added.</summary>
    public int DiscriminatorSteps { get; private set; }
    /// <summary>Generator steps added.</summary>
    public int GeneratorSteps { get; private set; }
    /// <summary>Rows in the batches added.</summary>
    public long Rows { get; private set; }

    /// <summary>Adds a discriminator step on <paramref name="rows"/> rows.</summary>
    public void AddDiscriminatorStep(GanStepStats stats, int rows)
    {
        Rows += rows;
        DiscriminatorSteps++;
        _discriminatorLoss += stats.DiscriminatorLoss;
        _realScore += stats.MeanRealScore;
        _fakeScore += stats.MeanFakeScore;
    }

    /// <summary>Adds a generator step's loss.</summary>
    public void AddGeneratorStep(GanStepStats stats)
    {
        GeneratorSteps++;
        _generatorLoss += stats.GeneratorLoss;
    }

    /// <summary>The means over the steps added (the generator loss is NaN when no generator step ran).</summary>
    public GanStepStats Means() => new(_discriminatorLoss / DiscriminatorSteps,
        GeneratorSteps == 0 ? double.NaN : _generatorLoss / GeneratorSteps, _realScore / DiscriminatorSteps, _fakeScore / DiscriminatorSteps);
}
