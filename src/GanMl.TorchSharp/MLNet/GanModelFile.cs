using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using GanMl.Torch;
using Microsoft.ML.Data;
using TorchSharp;

namespace GanMl;

/// <summary>GanTransformer's own file format: a zip holding <c>manifest.json</c> (format version, shapes, options, range, labels, history) and
/// <c>checkpoint.bin</c> (TorchSharp weights and optimiser states).</summary>
internal static class GanModelFile
{
    /// <summary>Version 2 dropped Training.Epochs (never read back); version-1 files load, their extra field ignored.</summary>
    public const int FormatVersion = 2;
    private const int OldestReadableVersion = 1;
    private const string ManifestEntry = "manifest.json";
    private const string CheckpointEntry = "checkpoint.bin";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    public static void Save(GanTransformer gan, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        GanMl.IO.AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
            using (var manifest = zip.CreateEntry(ManifestEntry).Open())
                JsonSerializer.Serialize(manifest, Manifest.From(gan), Json);
            using (var checkpoint = zip.CreateEntry(CheckpointEntry, CompressionLevel.Fastest).Open())
                gan.Trainer.SaveCheckpoint(checkpoint);
        });
    }

    public static GanTransformer Load(string path, torch.Device device)
    {
        Manifest manifest;
        using (var zip = GanMl.IO.ZipFileReader.Open(path, "GanMl model file"))
        {
            var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"'{path}' is not a GanMl model file: it has no {ManifestEntry}.");
            try
            {
                manifest = JsonSerializer.Deserialize<Manifest>(GanMl.IO.ZipFileReader.ReadAll(manifestEntry, path), Json) ?? throw new JsonException("the manifest is empty.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"GanMl model file '{path}' has a corrupt {ManifestEntry}: {e.Message}", e);
            }
            if (manifest.FormatVersion is < OldestReadableVersion or > FormatVersion)
                throw new InvalidDataException($"GanMl model file '{path}' has format version {manifest.FormatVersion}; this GanMl reads versions {OldestReadableVersion} to {FormatVersion}.");
            var checkpointEntry = zip.GetEntry(CheckpointEntry) ?? throw new InvalidDataException($"GanMl model file '{path}' has no {CheckpointEntry}.");
            GanModelInfo info;
            double weights;
            try
            {
                info = manifest.ToInfo();
                manifest.Spec.Validate();
                manifest.Training.Validate(manifest.Spec);
                weights = manifest.Spec.MinimumParameterCount();
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or NullReferenceException)
            {
                throw new InvalidDataException($"GanMl model file '{path}' has an invalid {ManifestEntry}: {e.Message}", e);
            }
            using var checkpoint = new MemoryStream(GanMl.IO.ZipFileReader.ReadAll(checkpointEntry, path));
            // Every weight is stored in the checkpoint as 4 bytes, so a manifest describing bigger networks is damaged;
            // checked before the networks are allocated (a corrupt size could ask for terabytes).
            if (weights * 4 > checkpoint.Length)
                throw new InvalidDataException($"GanMl model file '{path}' has an invalid {ManifestEntry}: its Spec (FeatureSize {manifest.Spec.FeatureSize}, " +
                    $"LatentDimension {manifest.Spec.LatentDimension}, ClassCount {manifest.Spec.ClassCount}) needs at least {weights:G4} weights, more than the {checkpoint.Length} bytes of {CheckpointEntry} hold.");
            var trainer = new GanTrainer(manifest.Spec, manifest.Training, device);
            try
            {
                trainer.LoadCheckpoint(checkpoint);
            }
            catch (Exception e)
            {
                trainer.Dispose();
                throw e is InvalidDataException ? new InvalidDataException($"GanMl model file '{path}': {e.Message}", e) : e;
            }
            return new GanTransformer(trainer, info, manifest.History);
        }
    }

    private sealed record Manifest(
        int FormatVersion, GanNetworkSpec Spec, GanTrainingOptions Training, string FeatureColumn, float RangeMin, float RangeMax,
        LabelManifest? Labels, long[] ClassCounts, GanEpochRecord[] History)
    {
        public static Manifest From(GanTransformer gan) => new(
            GanModelFile.FormatVersion, gan.Trainer.Spec, gan.Trainer.Options, gan.Info.FeatureColumn, gan.Info.Scaler.Min, gan.Info.Scaler.Max,
            gan.Info.Labels is { } l ? new LabelManifest(l.ColumnName, l.Kind, l.Type.RawType.Name, l.ClassNames.ToArray(), l.KeyValueType?.RawType.Name) : null,
            gan.Info.ClassCounts.ToArray(), gan.History.ToArray());

        public GanModelInfo ToInfo()
        {
            if (Spec is null || Training is null || History is null || ClassCounts is null || string.IsNullOrEmpty(FeatureColumn))
                throw new InvalidDataException("required fields (Spec, Training, FeatureColumn, ClassCounts, History) are missing.");
            if (!(RangeMax > RangeMin)) throw new InvalidDataException($"Manifest value range [{RangeMin}, {RangeMax}] is invalid.");
            var codec = Labels?.ToCodec();
            if ((codec?.ClassCount ?? 0) != Spec.ClassCount || ClassCounts.Length != (codec?.ClassCount ?? 0))
                throw new InvalidDataException($"the manifest lists {codec?.ClassCount ?? 0} labels and {ClassCounts.Length} class counts for a network of {Spec.ClassCount} classes.");
            return new GanModelInfo(FeatureColumn, new FeatureScaler(RangeMin, RangeMax), codec, ClassCounts);
        }
    }

    private sealed record LabelManifest(string Column, LabelKind Kind, string RawType, string[] ClassNames, string? KeyValueType)
    {
        public LabelCodec ToCodec()
        {
            if (string.IsNullOrEmpty(Column) || ClassNames is null || ClassNames.Length < 2)
                throw new InvalidDataException("the label section of the manifest is incomplete.");
            DataViewType type = Kind == LabelKind.Key ? new KeyDataViewType(typeof(uint), ClassNames.Length) : Primitive(RawType);
            return LabelCodec.Restore(Column, Kind, type, ClassNames, KeyValueType is null ? null : Primitive(KeyValueType));
        }

        private static PrimitiveDataViewType Primitive(string rawType) => rawType switch
        {
            "ReadOnlyMemory`1" => TextDataViewType.Instance,
            nameof(Boolean) => BooleanDataViewType.Instance,
            nameof(Single) => NumberDataViewType.Single,
            nameof(Double) => NumberDataViewType.Double,
            nameof(Int32) => NumberDataViewType.Int32,
            nameof(Int64) => NumberDataViewType.Int64,
            nameof(UInt32) => NumberDataViewType.UInt32,
            nameof(Int16) => NumberDataViewType.Int16,
            nameof(Byte) => NumberDataViewType.Byte,
            _ => throw new InvalidDataException($"the manifest's label type '{rawType}' is not supported."),
        };
    }
}
