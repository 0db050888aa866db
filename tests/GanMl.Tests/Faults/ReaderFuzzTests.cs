using System.Buffers.Binary;
using GanMl.Imaging;
using GanMl.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace GanMl.Tests.Faults;

/// <summary>
/// 300 seeded corruptions (truncations, byte flips, header edits) of each file format. Every corrupted file must give an
/// <see cref="InvalidDataException"/> naming the file (the one exception the readers document for damaged content) or a
/// correct read: the same content as the original, or for plain IDX files exactly what the damaged bytes say.
/// </summary>
public class ReaderFuzzTests(FaultFiles files, ITestOutputHelper output) : IClassFixture<FaultFiles>
{
    private const int Corruptions = 300;

    [Fact]
    public void ModelZipCorruptionsFailCleanlyOrLoadTheSameModel()
    {
        var original = File.ReadAllBytes(files.TinyModelPath);
        var expected = Rows(files.TinyModelPath);
        Fuzz("model zip", original, seed: 1, ZipHeaderOffsets(original), path =>
        {
            Assert.Equal(expected, Rows(path));
        });
    }

    [Fact]
    public void NpzCorruptionsFailCleanlyOrLoadTheSameStatistics()
    {
        var original = File.ReadAllBytes(files.NpzPath);
        var stats = FeatureStatistics.LoadNpz(files.NpzPath);
        Fuzz("npz", original, seed: 2, ZipHeaderOffsets(original).Concat(NpyHeaderOffsets(original)).ToArray(), path =>
        {
            var read = FeatureStatistics.LoadNpz(path);
            Assert.Equal(stats.Mean.ToArray(), read.Mean.ToArray());
            Assert.Equal(stats.Covariance.ToArray(), read.Covariance.ToArray());
        });
    }

    [Fact]
    public void IdxCorruptionsFailCleanlyOrReadWhatTheBytesSay()
    {
        // Half of the runs corrupt the plain image file, half the label file, a third of each with the gzip image file.
        var headers = Enumerable.Range(0, 16).ToArray();
        var random = new Random(3);
        var outcomes = new Dictionary<string, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int run = 0; run < Corruptions; run++)
        {
            int target = run % 3;
            var source = target switch { 0 => files.IdxImages, 1 => files.IdxLabels, _ => File.ReadAllBytes(files.IdxImagesGzPath) };
            var (kind, bytes) = Corrupt(source, random, target == 1 ? headers[..8] : target == 0 ? headers : Enumerable.Range(0, 24).ToArray());
            var path = files.Write($"fuzz-idx-{run}", bytes);
            string images = target == 1 ? files.IdxImagesPath : path, labels = target == 1 ? path : files.IdxLabelsPath;
            var outcome = Outcome($"IDX {kind} #{run}", path, () =>
            {
                var read = IdxReader.Read(images, labels);
                var oracle = target == 2 ? (files.IdxImages, files.IdxLabels) : (target == 0 ? bytes : files.IdxImages, target == 1 ? bytes : files.IdxLabels);
                var (pixels, labelBytes, height, width) = ParseIdx(oracle.Item1, oracle.Item2)
                    ?? throw new Xunit.Sdk.XunitException($"IDX {kind} #{run}: read succeeded but the bytes are not a valid IDX pair");
                Assert.Equal((height, width), (read.Height, read.Width));
                Assert.Equal(labelBytes, read.Labels);
                Assert.True(pixels.AsSpan().SequenceEqual(read.Pixels.Span), $"IDX {kind} #{run}: pixels differ");
            });
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            File.Delete(path);
        }
        Report("IDX", outcomes, clock.Elapsed);
    }

    private void Fuzz(string format, byte[] original, int seed, int[] headerOffsets, Action<string> checkRead)
    {
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int run = 0; run < Corruptions; run++)
        {
            var (kind, bytes) = Corrupt(original, random, headerOffsets);
            var path = files.Write($"fuzz-{format.Replace(' ', '-')}-{run}", bytes);
            var outcome = Outcome($"{format} {kind} #{run}", path, () => checkRead(path));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            File.Delete(path);
        }
        Report(format, outcomes, clock.Elapsed);
    }

    /// <summary>Runs one read: "read" when it succeeds (and its check passes), else the exception type, which must be InvalidDataException naming the file.</summary>
    private static string Outcome(string what, string path, Action read)
    {
        var bytes = File.ReadAllBytes(path);
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try { read(); }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(20)), $"{what}: the read hung");
        Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{what}: the file was changed");
        if (error is null) return "read";
        if (error is Xunit.Sdk.XunitException) throw new Xunit.Sdk.XunitException($"{what}: {error.Message}");
        Assert.True(error is InvalidDataException, $"{what}: expected InvalidDataException, got {error}");
        Assert.True(error.Message.Contains(Path.GetFileName(path), StringComparison.Ordinal), $"{what}: the message does not name the file: {error.Message}");
        return error.GetType().Name;
    }

    private void Report(string format, Dictionary<string, int> outcomes, TimeSpan elapsed)
    {
        output.WriteLine($"{format}: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Value} {o.Key}"))} in {elapsed.TotalSeconds:F1} s");
        Assert.Equal(Corruptions, outcomes.Values.Sum());
        // The corruptions must reach the readers' error paths, not only land in ignored bytes.
        Assert.True(outcomes.GetValueOrDefault(nameof(InvalidDataException)) > Corruptions / 2, $"{format}: too few corruptions were detected");
    }

    /// <summary>A truncation, one to four byte flips, or an edit of a header byte (a third each).</summary>
    private static (string Kind, byte[] Bytes) Corrupt(byte[] original, Random random, int[] headerOffsets)
    {
        var bytes = original.ToArray();
        switch (random.Next(3))
        {
            case 0:
                return ("truncation", bytes[..random.Next(bytes.Length)]);
            case 1:
                for (int i = random.Next(1, 5); i > 0; i--) bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                return ("byte flips", bytes);
            default:
                int offset = headerOffsets[random.Next(headerOffsets.Length)];
                bytes[offset] = random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => (byte)(bytes[offset] ^ random.Next(1, 256)) };
                return ("header edit", bytes);
        }
    }

    /// <summary>Offsets of the zip's local headers, central directory and end record (sizes, offsets, methods, name lengths).</summary>
    private static int[] ZipHeaderOffsets(byte[] zip)
    {
        var offsets = new List<int>();
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            int length = signature switch { 0x04034b50 => 30, 0x02014b50 => 46, 0x06054b50 => 22, _ => 0 };
            offsets.AddRange(Enumerable.Range(i, Math.Min(length, zip.Length - i)));
        }
        return offsets.Distinct().ToArray();
    }

    /// <summary>Offsets of the .npy magic, version, header length and header text of every stored array.</summary>
    private static int[] NpyHeaderOffsets(byte[] npz)
    {
        var offsets = new List<int>();
        for (int i = 0; i + 10 <= npz.Length; i++)
            if (npz[i] == 0x93 && npz.AsSpan(i + 1, 5).SequenceEqual("NUMPY"u8))
                offsets.AddRange(Enumerable.Range(i, 10 + BinaryPrimitives.ReadUInt16LittleEndian(npz.AsSpan(i + 8))));
        return offsets.ToArray();
    }

    /// <summary>An independent reading of a plain IDX pair, or null when the bytes are not a valid pair.</summary>
    private static (byte[] Pixels, byte[] Labels, int Height, int Width)? ParseIdx(byte[] images, byte[] labels)
    {
        if (images.Length < 16 || labels.Length < 8) return null;
        if (BinaryPrimitives.ReadInt32BigEndian(images) != IdxReader.ImagesMagic || BinaryPrimitives.ReadInt32BigEndian(labels) != IdxReader.LabelsMagic) return null;
        int count = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4)), height = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8)), width = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        int labelCount = BinaryPrimitives.ReadInt32BigEndian(labels.AsSpan(4));
        if (count < 0 || height <= 0 || width <= 0 || labelCount != count) return null;
        long size = (long)count * height * width;
        if (images.Length - 16 < size || labels.Length - 8 < count) return null;
        return (images[16..(16 + (int)size)], labels[8..(8 + count)], height, width);
    }

    private float[] Rows(string path)
    {
        using var gan = GanTransformer.Load(files.Ml, path);
        Assert.Equal(["a", "b"], gan.ClassLabels);
        return gan.Generate(8, seed: 1).GetColumn<float[]>("Features").SelectMany(r => r).ToArray();
    }
}
