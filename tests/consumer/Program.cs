// Trains one epoch on 20 shipped rows and generates, as the README's "Using it" code does.
using GanMl;
using GanMl.Imaging;
using Microsoft.ML;

string data = Path.Combine(args[0], "data", "fashion-mnist-subset");
var ml = new MLContext(seed: 1);
IDataView train = ml.Data.LoadFromIdx(Path.Combine(data, "train-images-idx3-ubyte.gz"), Path.Combine(data, "train-labels-idx1-ubyte.gz"), maxRowsPerClass: 2);
using GanTransformer gan = ml.Transforms.TrainGan(new GanOptions
{
    FeatureColumnName = "Pixels", LabelColumnName = "Label",
    Architecture = GanArchitecture.Dcgan, ImageShape = new ImageShape(1, 28, 28), DcganBaseChannels = 8, Epochs = 1, BatchSize = 10,
}).Fit(train);
var rows = ml.Data.CreateEnumerable<Row>(gan.Generate(rowCount: 4, label: "Sneaker", seed: 7), reuseRowObject: false).ToList();
if (rows.Count != 4 || rows.Any(r => r.Pixels.Length != 784 || r.Label != "Sneaker"))
    throw new InvalidOperationException("Generated rows do not have the training schema.");
Console.WriteLine($"consumer: trained {gan.History.Count} epoch on 20 rows, generated {rows.Count} Sneaker rows of {rows[0].Pixels.Length} pixels in [{rows.Min(r => r.Pixels.Min())}, {rows.Max(r => r.Pixels.Max())}].");

internal sealed class Row
{
    public float[] Pixels { get; set; } = [];
    public string Label { get; set; } = "";
}
