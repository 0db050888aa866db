using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Onnx;

/// <summary>
/// The one <see cref="GeneratorOnnxMetadata"/> type that both writes (GanMl.TorchSharp's ExportOnnx) and reads
/// (<see cref="OnnxGenerator"/>) the <c>ganml.*</c> metadata, in the core, without training anything.
/// </summary>
public class GeneratorOnnxMetadataTests
{
    [Fact]
    public void WhatIsWrittenIsReadBack()
    {
        var labels = LabelCodec.FromDistinctValues("Label", LabelKind.Number, NumberDataViewType.Single, ["0.1", "0.6", "1.1"]);
        var written = new GeneratorOnnxMetadata("Pixels", 16, 8, new ValueRange(0, 255), new ImageShape(1, 4, 4), labels, [5, 0, 7]);
        var metadata = written.ToDictionary();
        Assert.Equal("1 4 4", metadata[GeneratorOnnxMetadata.ImageShapeKey]);
        Assert.Equal("number", metadata[GeneratorOnnxMetadata.LabelKindKey]);
        Assert.Equal("Single", metadata[GeneratorOnnxMetadata.LabelTypeKey]);

        var read = GeneratorOnnxMetadata.Parse(metadata);
        Assert.Equal((written.FeatureColumn, written.FeatureSize, written.LatentDimension, written.Range, written.ImageShape),
            (read.FeatureColumn, read.FeatureSize, read.LatentDimension, read.Range, read.ImageShape));
        Assert.Equal(written.ClassCounts, read.ClassCounts);
        Assert.NotNull(read.Label);
        Assert.Equal((labels.ColumnName, labels.Kind, labels.Type), (read.Label.ColumnName, read.Label.Kind, read.Label.Type));
        Assert.Equal(labels.ClassNames, read.Label.ClassNames);
        Assert.Equal(labels.RawValues(), read.Label.RawValues());
        Assert.Equal(1, read.Label.IndexOf(0.6f));
        Assert.Equal("1x4x4", read.ImageShape!.ToString());
    }

    [Fact]
    public void AClassThatIsNotAValueOfTheLabelTypeIsNamed()
    {
        var metadata = new GeneratorOnnxMetadata("Features", 2, 4, new ValueRange(-1, 1), null, null, []).ToDictionary();
        metadata[GeneratorOnnxMetadata.LabelColumnKey] = "Label";
        metadata[GeneratorOnnxMetadata.ClassLabelsKey] = "[\"1\",\"two\"]";
        metadata[GeneratorOnnxMetadata.LabelKindKey] = "number";
        metadata[GeneratorOnnxMetadata.LabelTypeKey] = "Int32";
        var error = Assert.Throws<FormatException>(() => GeneratorOnnxMetadata.Parse(metadata));
        Assert.Contains("'two'", error.Message);

        metadata[GeneratorOnnxMetadata.ClassLabelsKey] = "[\"a\",\"b\"]";
        metadata[GeneratorOnnxMetadata.LabelKindKey] = "key";
        metadata[GeneratorOnnxMetadata.LabelTypeKey] = "UInt32";
        metadata[GeneratorOnnxMetadata.KeyValueTypeKey] = "Int32";
        Assert.Contains("key values", Assert.Throws<FormatException>(() => GeneratorOnnxMetadata.Parse(metadata)).Message);
    }
}
