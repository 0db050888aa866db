// One seed of one semi-supervised variant on Fashion-MNIST, split 4242: 100 labelled rows per class (all used for
// training, none held out), N unlabelled rows per class, test accuracy on the full test set every EVERY epochs.
// args: arch(mlp|conv) mode(ssl|sup) unlabelledPerClass epochs learningRate seed [convWidth] [threads]
// env: TR (translation px), EMA (average decay), DECAY (share of the run with falling LR), ENT, UW (unsupervised weight),
//      HN / IN (hidden / input noise), and with variants.patch applied: PL, PLT, STRONG, FLIP, VAT, EPS, ICT, CG. DATA: the IDX folder.
using System.Diagnostics;
using GanMl;
using GanMl.Imaging;
using GanMl.Torch;

string arch = args[0], mode = args[1];
int unlabelled = int.Parse(args[2]), epochs = int.Parse(args[3]), seed = int.Parse(args[5]);
float learningRate = float.Parse(args[4]);
int width = args.Length > 6 ? int.Parse(args[6]) : 32, threads = args.Length > 7 ? int.Parse(args[7]) : 2;
string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) ?? fallback;

TorchRuntime.EnsureLoaded();
TorchSharp.torch.set_num_threads(threads);
string dir = Env("DATA", "/usr/share/datasets/fashion-mnist");
var train = IdxReader.Read($"{dir}/train-images-idx3-ubyte.gz", $"{dir}/train-labels-idx1-ubyte.gz");
var test = IdxReader.Read($"{dir}/t10k-images-idx3-ubyte.gz", $"{dir}/t10k-labels-idx1-ubyte.gz");
float[] Row(IdxDataset d, int i) => d.GetPixelsAsFloat(i, 1f / 255f);

var random = new Random(4242);
var labelledIndex = new List<int>();
var poolIndex = new List<int>();
for (int c = 0; c < 10; c++)
{
    var ofClass = Enumerable.Range(0, train.RowCount).Where(i => train.Labels[i] == c).ToArray();
    random.Shuffle(ofClass);
    labelledIndex.AddRange(ofClass.Take(100));
    poolIndex.AddRange(ofClass.Skip(100).Take(unlabelled));
}
var labelled = labelledIndex.SelectMany(i => Row(train, i)).ToArray();
var labels = labelledIndex.Select(i => (long)train.Labels[i]).ToArray();
var pool = labelledIndex.Concat(poolIndex).SelectMany(i => Row(train, i)).ToArray();
var testRows = Enumerable.Range(0, test.RowCount).SelectMany(i => Row(test, i)).ToArray();
var testLabels = Enumerable.Range(0, test.RowCount).Select(i => (long)test.Labels[i]).ToArray();

bool conv = arch == "conv";
var spec = new SslNetworkSpec
{
    FeatureSize = 784, ClassCount = 10, ImageShape = new ImageShape(1, 28, 28), Convolutional = conv, ConvolutionChannels = width,
    HiddenNoise = float.Parse(Env("HN", conv ? "0.3" : "0.5")), InputNoise = float.Parse(Env("IN", conv ? "0.15" : "0.3")),
};
var options = new SslTrainingOptions
{
    LearningRate = learningRate, Seed = seed, UnsupervisedWeight = mode == "sup" ? 0 : float.Parse(Env("UW", "1")),
    Translation = int.Parse(Env("TR", "0")), AverageDecay = float.Parse(Env("EMA", "0")), DecayShare = float.Parse(Env("DECAY", "0")),
    EntropyWeight = float.Parse(Env("ENT", "0")),
};
options = Variants.Apply(options, ref spec, Env);
using var trainer = new SslGanTrainer(spec, options);
using var data = new SslTrainingData(labelled, labels, pool, 784);
var clock = Stopwatch.StartNew();
int every = int.Parse(Env("EVERY", "1"));
for (int e = 1; e <= epochs; e++)
{
    var s = trainer.TrainEpoch(data, epochs);
    if (e % every == 0 || e == epochs)
        Console.WriteLine($"{arch} {mode} epoch {e}: test {trainer.Accuracy(testRows, testLabels) * 100:F2}% ce {s.Losses.Classification:F3} " +
            $"uns {s.Losses.Unsupervised:F3} fm {s.Losses.FeatureMatching:F4} ({s.Seconds:F1}s, total {clock.Elapsed.TotalSeconds:F0}s)");
}
