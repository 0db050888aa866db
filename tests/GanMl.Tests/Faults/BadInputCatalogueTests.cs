using System.Text.Json.Nodes;
using GanMl.Imaging;
using GanMl.Metrics;
using GanMl.Tests.Metrics;
using GanMl.Tests.MLNet;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace GanMl.Tests.Faults;

/// <summary>
/// The bad-input catalogue: every case must end in the named managed exception whose message names the column, file or
/// option (and what was expected), within a time limit, leaving every user file byte-for-byte as it was.
/// </summary>
public class BadInputCatalogueTests(FaultFiles files) : IClassFixture<FaultFiles>
{
    /// <summary>One bad input: what to run (given the shared files) and what it must throw.</summary>
    /// <param name="Exception">The exception type (or a base of it).</param>
    /// <param name="Message">Fragments the message must hold.</param>
    /// <param name="Act">Prepares any corrupted file, then returns the files to guard and the failing call.</param>
    private sealed record Case(Type Exception, string[] Message, Func<FaultFiles, (string[] Guarded, Action Call)> Act);

    private static Case Fails<TException>(string[] message, Action<FaultFiles> call) where TException : Exception =>
        new(typeof(TException), message, f => ([], () => call(f)));

    private static Case FailsOnFile<TException>(string[] message, Func<FaultFiles, string> prepare, Action<FaultFiles, string> call) where TException : Exception =>
        new(typeof(TException), message, f => { var path = prepare(f); return ([path], () => call(f, path)); });

    private static readonly Dictionary<string, Case> Catalogue = new()
    {
        // TrainGan: columns, values, sizes, labels of every type, options.
        ["train: feature column missing"] = Fails<ArgumentOutOfRangeException>(["'Missing'", "Pixels"], f => Train(f, f.Data, o => o with { FeatureColumnName = "Missing" })),
        ["train: feature column is text"] = Fails<ArgumentOutOfRangeException>(["'Label'", "Vector<Single>"], f => Train(f, f.Data, o => o with { FeatureColumnName = "Label" })),
        ["train: feature column is Vector<Double>"] = Fails<ArgumentOutOfRangeException>(["'Pixels'", "Vector<Single>"], f => Train(f, Typed<double[]>(f, v => v.Select(x => (double)x).ToArray(), vectorSize: 64), o => o with { LabelColumnName = null })),
        ["train: feature column of variable size"] = Fails<ArgumentOutOfRangeException>(["'Pixels'", "known size"], f => Train(f, Typed<float[]>(f, v => v, vectorSize: 0), o => o with { LabelColumnName = null })),
        ["train: NaN feature"] = Fails<InvalidOperationException>(["'Pixels'", "non-finite", "NaN", "row 7"], f => Train(f, Poke(f, 7, float.NaN))),
        ["train: infinite feature"] = Fails<InvalidOperationException>(["'Pixels'", "non-finite", "row 3"], f => Train(f, Poke(f, 3, float.NegativeInfinity))),
        ["train: empty data"] = Fails<InvalidOperationException>(["no rows", "'Pixels'"], f => Train(f, TestData.Load(f.Ml, []))),
        ["train: one row"] = Fails<InvalidOperationException>(["'Pixels'", "1 usable row", "at least 2"], f => Train(f, TestData.Load(f.Ml, TestData.Rows(1)), o => o with { LabelColumnName = null })),
        ["train: one class"] = Fails<InvalidOperationException>(["'Label'", "1 distinct value"], f => Train(f, TestData.Load(f.Ml, TestData.Rows(9).Select(r => { r.Label = "Bag"; return r; })))),
        ["train: every label missing"] = Fails<InvalidOperationException>(["'Label'", "0 distinct value"], f => Train(f, TestData.Load(f.Ml, TestData.Rows(9).Select(r => { r.Label = ""; return r; })))),
        ["train: label column missing"] = Fails<ArgumentOutOfRangeException>(["'Nope'"], f => Train(f, f.Data, o => o with { LabelColumnName = "Nope" })),
        ["train: label column is a vector"] = Fails<ArgumentException>(["'L'", "Vector<Single"], f => Train(f, Labelled(f, i => new[] { (float)i }, vectorSize: 1), o => o with { LabelColumnName = "L" })),
        ["train: SByte label"] = Fails<ArgumentException>(["'L'", "SByte"], f => Train(f, Labelled(f, i => (sbyte)(i % 3)), o => o with { LabelColumnName = "L" })),
        ["train: UInt16 label"] = Fails<ArgumentException>(["'L'", "UInt16"], f => Train(f, Labelled(f, i => (ushort)(i % 3)), o => o with { LabelColumnName = "L" })),
        ["train: UInt64 label"] = Fails<ArgumentException>(["'L'", "UInt64"], f => Train(f, Labelled(f, i => (ulong)(i % 3)), o => o with { LabelColumnName = "L" })),
        ["train: DateTime label"] = Fails<ArgumentException>(["'L'", "DateTime", "expected a scalar key, text, boolean or numeric"], f => Train(f, Labelled(f, i => new DateTime(2020, 1, 1 + i % 3)), o => o with { LabelColumnName = "L" })),
        ["train: TimeSpan label"] = Fails<ArgumentException>(["'L'", "TimeSpan"], f => Train(f, Labelled(f, i => TimeSpan.FromHours(i % 3)), o => o with { LabelColumnName = "L" })),
        ["train: key label of one value"] = Fails<ArgumentException>(["'L'", "1 values"], f => Train(f, KeyLabelled(f, 1), o => o with { LabelColumnName = "L" })),
        ["train: values outside FeatureRange"] = Fails<InvalidOperationException>(["'Pixels'", "FeatureRange [0, 10]"], f => Train(f, f.Data, o => o with { FeatureRange = new ValueRange(0, 10) })),
        ["train: constant feature"] = Fails<InvalidOperationException>(["'Pixels'", "constant"], f => Train(f, TestData.Load(f.Ml, TestData.Rows(6).Select(r => { r.Pixels = new float[64]; return r; })))),
        ["train: ImageShape does not fit"] = Fails<ArgumentException>(["ImageShape 1x28x28", "'Pixels'"], f => Train(f, f.Data, o => o with { ImageShape = new ImageShape(1, 28, 28) })),
        ["options: NaN LearningRate"] = Fails<ArgumentException>(["LearningRate", "NaN"], f => f.Ml.Transforms.TrainGan(FaultFiles.Options() with { LearningRate = float.NaN })),
        ["options: zero Epochs"] = Fails<ArgumentException>(["Epochs", "0"], f => f.Ml.Transforms.TrainGan(FaultFiles.Options() with { Epochs = 0 })),
        ["options: zero LatentDimension"] = Fails<ArgumentException>(["LatentDimension"], f => f.Ml.Transforms.TrainGan(FaultFiles.Options() with { LatentDimension = 0 })),
        ["options: Dcgan without ImageShape"] = Fails<ArgumentException>(["ImageShape", "Dcgan"], f => f.Ml.Transforms.TrainGan(FaultFiles.Options() with { Architecture = GanArchitecture.Dcgan })),
        ["options: FID monitor on another column"] = Fails<ArgumentException>(["'Other'", "'Pixels'", "FidMonitor"], f => Train(f, f.Data, o => o with { FidMonitor = new GanFidMonitor { Fid = new FidOptions { FeatureColumnName = "Other" } } })),
        ["schema: feature column missing"] = Fails<ArgumentOutOfRangeException>(["'Missing'"], f => f.Ml.Transforms.TrainGan(FaultFiles.Options() with { FeatureColumnName = "Missing" }).GetOutputSchema(ShapeOf(f.Data.Schema))),

        // GanTransformer: Generate and Transform.
        ["generate: label unseen in training"] = Fails<ArgumentException>(["'Sandal'", "'Label'", "'Coat'"], f => f.Gan.Generate(5, label: "Sandal")),
        ["generate: number for a text label"] = Fails<ArgumentException>(["'3.5'", "'Label'"], f => f.Gan.Generate(5, label: 3.5)),
        ["generate: label on an unconditional GAN"] = Fails<InvalidOperationException>(["unconditional", "LabelColumnName"], f => f.UnconditionalGan.Generate(5, label: "Bag")),
        ["generate: negative row count"] = Fails<ArgumentOutOfRangeException>(["rowCount"], f => f.Gan.Generate(-1)),
        ["generate: one count per class expected"] = Fails<ArgumentException>(["rowsPerClass", "3 counts"], f => f.Gan.GeneratePerClass([1, 2])),
        ["generate: NaN candidates per row"] = Fails<ArgumentOutOfRangeException>(["candidatesPerRow"], f => f.Gan.GeneratePerClass([1, 1, 1], candidatesPerRow: double.NaN)),
        ["transform: feature column missing"] = Fails<ArgumentOutOfRangeException>(["'Pixels'"], f => f.Gan.Transform(f.Ml.Transforms.SelectColumns("Label").Fit(f.Data).Transform(f.Data))),
        ["transform: feature column of another size"] = Fails<ArgumentOutOfRangeException>(["'Pixels'", "16", "64"], f => f.Gan.Transform(Labelled(f, i => "Bag", vectorSize: 0, featureSize: 16, labelName: "Label"))),
        ["transform: label column of another type"] = Fails<ArgumentOutOfRangeException>(["'Label'", "Boolean", "trained on"], f => f.Gan.Transform(Labelled(f, i => i % 2 == 0, labelName: "Label"))),

        // GanTransformer.Load / Save: missing, foreign, truncated and altered files, newer format versions.
        ["load: missing file"] = Fails<FileNotFoundException>(["missing.ganml"], f => Load(f, f.File("missing.ganml"))),
        ["load: not a zip"] = FailsOnFile<InvalidDataException>(["text.ganml", "not a zip"], f => f.Write("text.ganml", "hello"u8.ToArray()), Load),
        ["load: empty file"] = FailsOnFile<InvalidDataException>(["empty.ganml"], f => f.Write("empty.ganml", []), Load),
        ["load: truncated zip"] = FailsOnFile<InvalidDataException>(["cut.ganml"], f => f.Write("cut.ganml", Model(f)[..(Model(f).Length / 2)]), Load),
        ["load: npz instead of a model"] = Fails<InvalidDataException>(["stats.npz", "manifest.json"], f => Load(f, f.NpzPath)),
        ["load: newer format version"] = FailsOnFile<InvalidDataException>(["v3.ganml", "format version 3", "reads versions 1 to 2"], f => f.Write("v3.ganml", FaultFiles.EditManifest(Model(f), m => m["FormatVersion"] = 3)), Load),
        ["load: corrupt manifest JSON"] = FailsOnFile<InvalidDataException>(["json.ganml", "manifest.json"], f => f.Write("json.ganml", FaultFiles.RewriteZip(Model(f), (n, b) => n == "manifest.json" ? b[..(b.Length / 2)] : b)), Load),
        ["load: manifest without Spec"] = FailsOnFile<InvalidDataException>(["spec.ganml", "Spec"], f => f.Write("spec.ganml", FaultFiles.EditManifest(Model(f), m => m.AsObject().Remove("Spec"))), Load),
        ["load: class counts do not match"] = FailsOnFile<InvalidDataException>(["counts.ganml", "class counts"], f => f.Write("counts.ganml", FaultFiles.EditManifest(Model(f), m => m["ClassCounts"]!.AsArray().RemoveAt(0))), Load),
        ["load: invalid learning rate in the manifest"] = FailsOnFile<InvalidDataException>(["lr.ganml", "LearningRate"], f => f.Write("lr.ganml", FaultFiles.EditManifest(Model(f), m => m["Training"]!["LearningRate"] = -1)), Load),
        ["load: manifest of another network"] = FailsOnFile<InvalidDataException>(["latent.ganml", "does not match"], f => f.Write("latent.ganml", FaultFiles.EditManifest(Model(f), m => m["Spec"]!["LatentDimension"] = 9)), Load),
        ["load: huge feature size in the manifest"] = FailsOnFile<InvalidDataException>(["huge.ganml", "FeatureSize"], f => f.Write("huge.ganml", FaultFiles.EditManifest(Model(f), m => m["Spec"]!["FeatureSize"] = 2_000_000_000)), Load),
        ["load: no checkpoint"] = FailsOnFile<InvalidDataException>(["nockpt.ganml", "checkpoint.bin"], f => f.Write("nockpt.ganml", FaultFiles.RewriteZip(Model(f), (n, b) => n == "checkpoint.bin" ? null : b)), Load),
        ["load: truncated checkpoint"] = FailsOnFile<InvalidDataException>(["ckpt.ganml", "truncated"], f => f.Write("ckpt.ganml", FaultFiles.RewriteZip(Model(f), (n, b) => n == "checkpoint.bin" ? b[..(b.Length * 2 / 3)] : b)), Load),
        ["save: a failed save keeps the existing file"] = FailsOnFile<ObjectDisposedException>(["disposed"], f => f.Write("existing.ganml", Model(f)), (f, path) =>
        {
            var gan = GanTransformer.Load(f.Ml, f.ModelPath);
            gan.Dispose();
            gan.Save(path);
        }),

        // AppendGanAugmentation.
        ["augment: feature column missing"] = Fails<ArgumentOutOfRangeException>(["'Missing'"], f => f.Ml.Transforms.CopyColumns("Copy", "Pixels").AppendGanAugmentation("Missing", "Label", epochs: 1).Fit(f.Data)),
        ["augment: negative synthetic rows"] = Fails<ArgumentException>(["SyntheticRowsPerRealRow", "-1"], f => f.Ml.Transforms.CopyColumns("Copy", "Pixels").AppendGanAugmentation(new GanAugmentationOptions { FeatureColumnName = "Pixels", SyntheticRowsPerRealRow = -1 })),
        ["augment: later step needs a dropped column"] = Fails<InvalidOperationException>(["'Pixels'", "'Label'", "Copy"], f => f.Ml.Transforms.CopyColumns("Copy", "Pixels")
            .AppendGanAugmentation(new GanAugmentationOptions { FeatureColumnName = "Pixels", LabelColumnName = "Label", Gan = FaultFiles.Options() })
            .Append(f.Ml.Transforms.Concatenate("Both", "Copy", "Pixels")).Fit(f.Data)),

        // FID on a feature column.
        ["fid: feature column missing"] = Fails<ArgumentOutOfRangeException>(["'Nope'"], f => f.Ml.Transforms.Fid("Nope").Fit(f.Data)),
        ["fid: feature column is text"] = Fails<ArgumentOutOfRangeException>(["'Label'", "Vector<Single>"], f => f.Ml.Transforms.Fid("Label").Fit(f.Data)),
        ["fid: one reference row"] = Fails<InvalidOperationException>(["reference", "1 row", "'Pixels'", "at least 2"], f => f.Ml.Transforms.Fid("Pixels").Fit(TestData.Load(f.Ml, TestData.Rows(1)))),
        ["fid: one evaluated row"] = Fails<InvalidOperationException>(["evaluated", "1 row", "'Pixels'"], f => f.Ml.Transforms.Fid("Pixels").Fit(f.Data).Evaluate(TestData.Load(f.Ml, TestData.Rows(1)))),
        ["fid: no evaluated rows"] = Fails<InvalidOperationException>(["evaluated", "0 row", "'Pixels'"], f => f.Ml.Transforms.Fid("Pixels").Fit(f.Data).Evaluate(TestData.Load(f.Ml, []))),
        ["fid: evaluated rows of another size"] = Fails<ArgumentException>(["'Pixels'", "16", "64"], f => f.Ml.Transforms.Fid("Pixels").Fit(f.Data).Evaluate(Labelled(f, i => "Bag", vectorSize: 0, featureSize: 16, labelName: "Label"))),
        ["fid: NaN feature"] = Fails<ArgumentException>(["'Pixels'", "reference"], f => f.Ml.Transforms.Fid("Pixels").Fit(Poke(f, 2, float.NaN))),

        // FID through the ONNX extractor.
        ["onnx: model file missing"] = Fails<FileNotFoundException>(["absent.onnx", "OnnxModelPath"], f => FitOnnx(f, o => o.OnnxModelPath = f.File("absent.onnx"))),
        ["onnx: model file is garbage"] = FailsOnFile<InvalidDataException>(["garbage.onnx", "OnnxModelPath"], f => f.Write("garbage.onnx", Enumerable.Range(0, 300).Select(i => (byte)(i * 37)).ToArray()), (f, path) => FitOnnx(f, o => o.OnnxModelPath = path)),
        ["onnx: model file truncated"] = FailsOnFile<InvalidDataException>(["cut.onnx", "OnnxModelPath"], f => f.Write("cut.onnx", File.ReadAllBytes(OnnxPath)[..5000]), (f, path) => FitOnnx(f, o => o.OnnxModelPath = path)),
        ["onnx: a GAN zip as the model"] = Fails<InvalidDataException>(["model.ganml", "OnnxModelPath"], f => FitOnnx(f, o => o.OnnxModelPath = f.ModelPath)),
        ["onnx: input size of another model"] = Fails<ArgumentException>(["InputSize", "32"], f => FitOnnx(f, o => o.InputSize = 299)),
        ["onnx: channels of another model"] = Fails<ArgumentException>(["ModelInputChannels"], f => FitOnnx(f, o => o.ModelInputChannels = 1)),
        ["onnx: output tensor missing"] = Fails<ArgumentException>(["'pool3'", "OnnxOutputName", "'features'"], f => FitOnnx(f, o => o.OnnxOutputName = "pool3")),
        ["onnx: input tensor missing"] = Fails<ArgumentException>(["'image'", "OnnxInputName", "'input'"], f => FitOnnx(f, o => o.OnnxInputName = "image")),
        ["onnx: input column missing"] = Fails<ArgumentOutOfRangeException>(["'Nope'", "InputColumnName"], f => FitOnnx(f, o => o.InputColumnName = "Nope")),
        ["onnx: pixel column of another size"] = Fails<ArgumentException>(["'Pixels'", "784", "1x20x28"], f => FitOnnx(f, o => o.PixelHeight = 20)),
        ["onnx: input column is text"] = Fails<ArgumentException>(["'Label'", "image"], f => FitOnnx(f, o => o.InputColumnName = "Label")),

        // FeatureStatistics.LoadNpz.
        ["npz: missing file"] = Fails<FileNotFoundException>(["absent.npz"], f => FeatureStatistics.LoadNpz(f.File("absent.npz"))),
        ["npz: not a zip"] = FailsOnFile<InvalidDataException>(["text.npz", "not a zip"], f => f.Write("text.npz", "mu,sigma"u8.ToArray()), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: truncated"] = FailsOnFile<InvalidDataException>(["cut.npz"], f => f.Write("cut.npz", File.ReadAllBytes(f.NpzPath)[..200]), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: no sigma"] = FailsOnFile<InvalidDataException>(["nosigma.npz", "'sigma'"], f => f.Write("nosigma.npz", FaultFiles.RewriteZip(File.ReadAllBytes(f.NpzPath), (n, b) => n == "sigma.npy" ? null : b)), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: sigma of another shape"] = FailsOnFile<InvalidDataException>(["shape.npz", "(6, 6)"], f => Npz(f, "shape.npz", mu: new double[6], sigma: new double[30], sigmaShape: "(5, 6)"), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: NaN in mu"] = FailsOnFile<InvalidDataException>(["nan.npz", "mu[1]"], f => Npz(f, "nan.npz", mu: [0, double.NaN], sigma: [1, 0, 0, 1], sigmaShape: "(2, 2)"), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: asymmetric sigma"] = FailsOnFile<InvalidDataException>(["asym.npz", "not symmetric"], f => Npz(f, "asym.npz", mu: [0, 0], sigma: [1, 2, 0, 1], sigmaShape: "(2, 2)"), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: big-endian floats"] = FailsOnFile<InvalidDataException>(["be.npz", "'>f8'"], f => Npz(f, "be.npz", mu: [0, 0], sigma: [1, 0, 0, 1], sigmaShape: "(2, 2)", descr: ">f8"), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: negative shape"] = FailsOnFile<InvalidDataException>(["neg.npz", "shape"], f => Npz(f, "neg.npz", mu: [0, 0], sigma: [1, 0, 0, 1], sigmaShape: "(-2, 2)"), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: shape is not a number"] = FailsOnFile<InvalidDataException>(["word.npz", "shape"], f => Npz(f, "word.npz", mu: [0, 0], sigma: [1, 0, 0, 1], sigmaShape: "(two, 2)"), (_, p) => FeatureStatistics.LoadNpz(p)),
        ["npz: shape too large"] = FailsOnFile<InvalidDataException>(["big.npz", "sigma"], f => Npz(f, "big.npz", mu: [0, 0], sigma: [1, 0, 0, 1], sigmaShape: "(99999999999, 2)"), (_, p) => FeatureStatistics.LoadNpz(p)),

        // IDX reader and ml.Data.LoadFromIdx.
        ["idx: missing image file"] = Fails<FileNotFoundException>(["absent-idx3"], f => IdxReader.Read(f.File("absent-idx3"), f.IdxLabelsPath)),
        ["idx: arguments swapped"] = Fails<InvalidDataException>(["images-idx3-ubyte", "not an IDX label file", "argument order"], f => IdxReader.Read(f.IdxLabelsPath, f.IdxImagesPath)),
        ["idx: wrong magic"] = FailsOnFile<InvalidDataException>(["magic-idx3", "magic number", "2051"], f => f.Write("magic-idx3", Edit(f.IdxImages, 3, 0x99)), (f, p) => IdxReader.Read(p, f.IdxLabelsPath)),
        ["idx: truncated images"] = FailsOnFile<InvalidDataException>(["cut-idx3", "truncated"], f => f.Write("cut-idx3", f.IdxImages[..100]), (f, p) => IdxReader.Read(p, f.IdxLabelsPath)),
        ["idx: empty label file"] = FailsOnFile<InvalidDataException>(["empty-idx1", "truncated"], f => f.Write("empty-idx1", []), (f, p) => IdxReader.Read(f.IdxImagesPath, p)),
        ["idx: counts disagree"] = FailsOnFile<InvalidDataException>(["images-idx3-ubyte", "few-idx1", "must match"], f => f.Write("few-idx1", Idx.Labels(new byte[5])), (f, p) => IdxReader.Read(f.IdxImagesPath, p)),
        ["idx: negative height"] = FailsOnFile<InvalidDataException>(["neg-idx3", "invalid dimensions"], f => f.Write("neg-idx3", Edit(f.IdxImages, 8, 0xFF)), (f, p) => IdxReader.Read(p, f.IdxLabelsPath)),
        ["idx: header claims 20 million images"] = FailsOnFile<InvalidDataException>(["many-idx3", "truncated"], f => f.Write("many-idx3", Edit(f.IdxImages, 5, 0x31)), (f, p) => IdxReader.Read(p, f.IdxLabelsPath)),
        ["idx: header claims 2 billion labels"] = FailsOnFile<InvalidDataException>(["many-idx1", "truncated"], f => f.Write("many-idx1", Edit(f.IdxLabels, 4, 0x7F)), (f, p) => IdxReader.Read(f.IdxImagesPath, p)),
        ["idx: corrupt gzip"] = FailsOnFile<InvalidDataException>(["bad-idx3.gz"], f => f.Write("bad-idx3.gz", Edit(File.ReadAllBytes(f.IdxImagesGzPath), 40, 0x55)), (f, p) => IdxReader.Read(p, f.IdxLabelsPath)),
        ["idx: label without a class name"] = Fails<InvalidDataException>(["labels-idx1-ubyte", "class names"], f => f.Ml.Data.LoadFromIdx(f.IdxImagesPath, f.IdxLabelsPath, new IdxLoadOptions { ClassNames = ["a", "b"] })),
        ["idx: negative MaxRows"] = Fails<ArgumentOutOfRangeException>(["maxRows"], f => IdxReader.Read(f.IdxImagesPath, f.IdxLabelsPath, maxRows: -1)),

        // Image folders.
        ["folder: missing"] = Fails<DirectoryNotFoundException>(["absent-folder"], f => ImageFolderLoader.Load(f.Ml, f.File("absent-folder"))),
        ["folder: no class folders"] = Fails<InvalidDataException>(["class sub-folders"], f => ImageFolderLoader.Load(f.Ml, Path.Combine(f.ImageFolder, "bag"))),
        ["folder: unreadable image"] = FailsOnFile<InvalidDataException>(["broken.png", "could not be read"], f =>
        {
            var path = Path.Combine(f.File("broken"), "bag", "broken.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, "not a png"u8.ToArray());
            return path;
        }, (f, p) => ReadAll(ImageFolderLoader.Load(f.Ml, Path.GetDirectoryName(Path.GetDirectoryName(p))!))),
        ["folder: empty image file"] = FailsOnFile<InvalidDataException>(["zero.png", "could not be read"], f =>
        {
            var path = Path.Combine(f.File("zero"), "bag", "zero.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
            return path;
        }, (f, p) => ReadAll(ImageFolderLoader.Load(f.Ml, Path.GetDirectoryName(Path.GetDirectoryName(p))!))),
        ["folder: zero width"] = Fails<ArgumentOutOfRangeException>(["Width"], f => ImageFolderLoader.Load(f.Ml, f.ImageFolder, new ImageFolderOptions { Width = 0 })),
    };

    public static TheoryData<string> Names => new(Catalogue.Keys);

    [Fact]
    public void TheCatalogueHoldsAtLeastThirtyCases() => Assert.True(Catalogue.Count >= 30, $"{Catalogue.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public void FailsWithAManagedExceptionNamingTheInputAndChangesNoFile(string name)
    {
        var c = Catalogue[name];
        var (guarded, call) = c.Act(files);
        var before = files.SharedFiles.Concat(guarded).Distinct().ToDictionary(p => p, File.ReadAllBytes);

        var error = RunWithin(TimeSpan.FromSeconds(30), call);

        Assert.NotNull(error);
        Assert.True(c.Exception.IsInstanceOfType(error), $"expected {c.Exception.Name}, got {error}");
        foreach (var part in c.Message) Assert.True(error.Message.Contains(part, StringComparison.Ordinal), $"'{part}' is not in the message of {error}");
        foreach (var (path, bytes) in before)
        {
            Assert.True(File.Exists(path), $"{path} was deleted");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{path} was changed");
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(files.ModelPath)!, "*.tmp"));
    }

    [Fact]
    public void MixedImageSizesInAFolderAreResizedToTheRequestedSize()
    {
        var folder = files.File("mixed");
        var random = new Random(4);
        foreach (var (side, label) in new[] { (28, "bag"), (12, "bag"), (40, "coat") })
            PngWriter.Write(Path.Combine(folder, label, $"{side}.png"), Enumerable.Range(0, side * side).Select(_ => (float)random.Next(256)).ToArray(), 1, side, side);
        var pixels = ImageFolderLoader.Load(files.Ml, folder, new ImageFolderOptions { Width = 16, Height = 16 }).GetColumn<float[]>("Pixels").ToArray();
        Assert.Equal(3, pixels.Length);
        Assert.All(pixels, p => Assert.Equal(256, p.Length));
    }

    [Fact]
    public void LabelsOfEverySupportedTypeTrainAndComeBackInTheirType()
    {
        TrainsWith(i => $"c{i % 2}");
        TrainsWith(i => i % 2 == 0);
        TrainsWith(i => (float)(i % 2));
        TrainsWith(i => (double)(i % 2));
        TrainsWith(i => i % 2);
        TrainsWith(i => (long)(i % 2));
        TrainsWith(i => (uint)(i % 2));
        TrainsWith(i => (short)(i % 2));
        TrainsWith(i => (byte)(i % 2));
        var keys = KeyLabelled(files, 3);
        using var gan = files.Ml.Transforms.TrainGan(FaultFiles.Options("L")).Fit(keys);
        Assert.Equal(keys.Schema["L"].Type, gan.Generate(4).Schema["L"].Type);
        Assert.All(gan.Generate(6, label: 2u).GetColumn<uint>("L"), k => Assert.Equal(2u, k));
        Assert.Contains("key range 1..3", Assert.Throws<ArgumentException>(() => gan.Generate(1, label: 4u)).Message);

        void TrainsWith<T>(Func<int, T> label)
        {
            var data = Labelled(files, label);
            using var gan = files.Ml.Transforms.TrainGan(FaultFiles.Options("L")).Fit(data);
            var generated = gan.Generate(6, label: GanLabel.From(label(1)!));
            Assert.Equal(data.Schema["L"].Type, generated.Schema["L"].Type);
            Assert.All(generated.GetColumn<T>("L"), v => Assert.Equal(label(1), v));
        }
    }

    /// <summary>Runs <paramref name="call"/> on its own thread; returns what it threw, failing when it hangs or returns.</summary>
    private static Exception RunWithin(TimeSpan limit, Action call)
    {
        Exception? error = null;
        bool returned = false;
        var thread = new Thread(() =>
        {
            try { call(); returned = true; }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        Assert.True(thread.Join(limit), $"the call did not finish within {limit.TotalSeconds} s");
        Assert.False(returned, "the call returned instead of throwing");
        return error!;
    }

    private static void Train(FaultFiles f, IDataView data, Func<GanOptions, GanOptions>? change = null)
    {
        using var gan = f.Ml.Transforms.TrainGan((change ?? (o => o))(FaultFiles.Options())).Fit(data);
    }

    private static void Load(FaultFiles f, string path)
    {
        using var gan = GanTransformer.Load(f.Ml, path);
    }

    private static void ReadAll(IDataView data)
    {
        using var cursor = data.GetRowCursor(data.Schema);
        var getters = data.Schema.Select(c => c.Type is VectorDataViewType ? (Action)MakeReader<VBuffer<float>>(cursor, c) : MakeReader<ReadOnlyMemory<char>>(cursor, c)).ToArray();
        while (cursor.MoveNext()) foreach (var g in getters) g();
    }

    private static Action MakeReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => getter(ref value);
    }

    /// <summary>SchemaShape.Create is internal to ML.NET.</summary>
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])!.Invoke(null, [schema])!;

    private static byte[] Model(FaultFiles f) => File.ReadAllBytes(f.ModelPath);

    private static string OnnxPath => FixtureData.PathOf(Path.Combine("onnx", "fmnist_cnn64.onnx"));

    private static void FitOnnx(FaultFiles f, Action<FidOptions> change)
    {
        var options = new FidOptions
        {
            FeatureColumnName = "Features", OnnxModelPath = OnnxPath, OnnxInputName = "input", OnnxOutputName = "features", InputSize = 32,
            InputColumnName = "Pixels", PixelChannels = 1, PixelHeight = 28, PixelWidth = 28, PixelMinValue = 0, PixelMaxValue = 255,
        };
        change(options);
        var data = Labelled(f, i => "Bag", featureSize: 784, labelName: "Label");
        f.Ml.Transforms.Fid(options).Fit(data);
    }

    private static byte[] Edit(byte[] bytes, int offset, byte value)
    {
        var copy = bytes.ToArray();
        copy[offset] = value;
        return copy;
    }

    private static IDataView Poke(FaultFiles f, int row, float value)
    {
        var rows = TestData.Rows(20);
        rows[row].Pixels[5] = value;
        return TestData.Load(f.Ml, rows);
    }

    /// <summary>Writes an .npz whose arrays carry the given header fields, so that headers can lie about their data.</summary>
    private static string Npz(FaultFiles f, string name, double[] mu, double[] sigma, string sigmaShape, string descr = "<f8")
    {
        static byte[] Npy(double[] data, string shape, string descr)
        {
            using var s = new MemoryStream();
            GanMl.Metrics.Npz.WriteNpy(s, data, [data.Length]);
            var bytes = s.ToArray();
            int headerLength = BitConverter.ToUInt16(bytes, 8);
            var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
            header = header.Replace($"({data.Length},)", shape).Replace("'<f8'", $"'{descr}'");
            var headerBytes = System.Text.Encoding.ASCII.GetBytes(header);
            var result = new byte[10 + headerBytes.Length + data.Length * 8];
            bytes.AsSpan(0, 8).CopyTo(result);
            BitConverter.GetBytes((ushort)headerBytes.Length).CopyTo(result, 8);
            headerBytes.CopyTo(result, 10);
            bytes.AsSpan(10 + headerLength).CopyTo(result.AsSpan(10 + headerBytes.Length));
            return result;
        }
        var zip = FaultFiles.RewriteZip(File.ReadAllBytes(f.NpzPath), (n, _) => n == "mu.npy" ? Npy(mu, $"({mu.Length},)", descr) : Npy(sigma, sigmaShape, descr));
        return f.Write(name, zip);
    }

    public sealed class LabelledRow<T>
    {
        public float[] Pixels { get; set; } = [];
        public T L { get; set; } = default!;
    }

    public sealed class KeyRow
    {
        [VectorType(64)]
        public float[] Pixels { get; set; } = [];
        public uint L { get; set; }
    }

    /// <summary>12 rows of <see cref="TestData"/> pixels (or zeros of <paramref name="featureSize"/>) with a label column of type <typeparamref name="T"/>.</summary>
    private static IDataView Labelled<T>(FaultFiles f, Func<int, T> label, int vectorSize = -1, int featureSize = 64, string labelName = "L")
    {
        var rows = TestData.Rows(12).Select((r, i) => new LabelledRow<T> { Pixels = featureSize == 64 ? r.Pixels : new float[featureSize], L = label(i) }).ToList();
        var schema = SchemaDefinition.Create(typeof(LabelledRow<T>));
        schema["Pixels"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureSize);
        schema["L"].ColumnName = labelName;
        if (vectorSize >= 0 && typeof(T).IsArray) schema["L"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, vectorSize);
        return f.Ml.Data.LoadFromEnumerable(rows, schema);
    }

    public sealed class FeatureRow<T>
    {
        public T Pixels { get; set; } = default!;
    }

    /// <summary>20 rows of <see cref="TestData"/> with the feature column built by <paramref name="feature"/> (vector size 0: variable).</summary>
    private static IDataView Typed<TFeature>(FaultFiles f, Func<float[], TFeature> feature, int vectorSize)
    {
        var rows = TestData.Rows(20).Select(r => new FeatureRow<TFeature> { Pixels = feature(r.Pixels) }).ToList();
        var schema = SchemaDefinition.Create(typeof(FeatureRow<TFeature>));
        var item = typeof(TFeature) == typeof(double[]) ? (PrimitiveDataViewType)NumberDataViewType.Double : NumberDataViewType.Single;
        schema["Pixels"].ColumnType = new VectorDataViewType(item, vectorSize);
        return f.Ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static IDataView KeyLabelled(FaultFiles f, int count)
    {
        var rows = TestData.Rows(12).Select((r, i) => new KeyRow { Pixels = r.Pixels, L = (uint)(i % count + 1) }).ToList();
        var schema = SchemaDefinition.Create(typeof(KeyRow));
        schema["L"].ColumnType = new KeyDataViewType(typeof(uint), count);
        return f.Ml.Data.LoadFromEnumerable(rows, schema);
    }
}
