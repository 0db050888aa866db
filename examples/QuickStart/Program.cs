using GanMl;
using GanMl.Imaging;
using Microsoft.ML;

var ml = new MLContext(seed: 1);
string data = "data/fashion-mnist-subset"; // 5,000 training and 1,000 test images shipped in the repository
// Keep the labels of the first 100 images of each class; the other 4,000 train without a label.
IDataView train = ml.Data.LoadFromIdx($"{data}/train-images-idx3-ubyte.gz", $"{data}/train-labels-idx1-ubyte.gz",
    new IdxLoadOptions { LabelledRowsPerClass = 100 });
IDataView test = ml.Data.LoadFromIdx($"{data}/t10k-images-idx3-ubyte.gz", $"{data}/t10k-labels-idx1-ubyte.gz");

var pipeline = ml.Transforms.Conversion.MapValueToKey("Label") // empty labels become missing keys: unlabelled rows
    .Append(ml.MulticlassClassification.Trainers.SemiSupervisedGan(
        labelColumnName: "Label", featureColumnName: "Pixels", imageShape: new ImageShape(1, 28, 28)));
ITransformer model = pipeline.Fit(train);

var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
Console.WriteLine($"Test accuracy with 100 labelled images per class: {metrics.MicroAccuracy:P1}");
ml.Model.Save(model, train.Schema, "classifier.zip"); // ML.NET's own format; scoring needs no TorchSharp
