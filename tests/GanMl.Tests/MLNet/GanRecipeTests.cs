using GanMl.Torch;
using Xunit;

namespace GanMl.Tests.MLNet;

public class GanRecipeTests
{
    [Fact]
    public void ColumnNamesAndAnImageShapeGiveTheImageRecipe()
    {
        var resolved = GanRecipe.Resolve(new GanOptions { FeatureColumnName = "Pixels", LabelColumnName = "Label", ImageShape = new ImageShape(1, 28, 28) }, rows: 1000, conditional: true);
        Assert.Equal(GanArchitecture.Dcgan, resolved.Architecture);
        Assert.Equal(32, resolved.DcganBaseChannels);
        Assert.Equal(64, resolved.BatchSize);
        Assert.Equal(120, resolved.Epochs);
        Assert.Equal(DiffAugmentPolicy.All, resolved.DiffAugment);
        Assert.Equal(GanLoss.Hinge, resolved.Loss);
        Assert.Equal(0f, resolved.GeneratorEmaDecay);
        Assert.False(resolved.AuxiliaryClassifier);
    }

    [Fact]
    public void TheEpochBudgetShrinksWithTheDataAndKeepsItsBounds()
    {
        var options = new GanOptions { ImageShape = new ImageShape(1, 28, 28) };
        Assert.Equal(120, GanRecipe.Resolve(options, 20, false).Epochs);
        Assert.Equal(24, GanRecipe.Resolve(options, 5000, false).Epochs);
        Assert.Equal(5, GanRecipe.Resolve(options, 60_000, false).Epochs);
        Assert.False(GanRecipe.Resolve(options, 1000, conditional: false).AuxiliaryClassifier);
        Assert.True(GanRecipe.Resolve(options, 1000, conditional: true, unlabelledRows: true).AuxiliaryClassifier);
        Assert.False(GanRecipe.Resolve(options, 1000, conditional: false, unlabelledRows: true).AuxiliaryClassifier);
    }

    [Fact]
    public void WhatTheCallerSetIsKeptAndVectorsGetAnMlp()
    {
        var given = new GanOptions { ImageShape = new ImageShape(1, 28, 28), Architecture = GanArchitecture.Mlp, Epochs = 3, BatchSize = 16, DiffAugment = DiffAugmentPolicy.Color, GeneratorEmaDecay = 0, AuxiliaryClassifier = false };
        var resolved = GanRecipe.Resolve(given, 1000, true);
        Assert.Equal((GanArchitecture.Mlp, 3, 16, DiffAugmentPolicy.Color, 0f, false),
            (resolved.Architecture!.Value, resolved.Epochs!.Value, resolved.BatchSize!.Value, resolved.DiffAugment!.Value, resolved.GeneratorEmaDecay!.Value, resolved.AuxiliaryClassifier!.Value));
        var vector = GanRecipe.Resolve(new GanOptions(), 1000, true);
        Assert.Equal(GanArchitecture.Mlp, vector.Architecture);
        Assert.Equal(DiffAugmentPolicy.None, vector.DiffAugment);
        Assert.Equal(GanLoss.NonSaturating, vector.Loss);
        Assert.False(vector.AuxiliaryClassifier);
        Assert.Equal(GanArchitecture.Mlp, GanRecipe.Resolve(new GanOptions { ImageShape = new ImageShape(1, 28, 30) }, 10, false).Architecture); // not square: no DCGAN
    }
}
