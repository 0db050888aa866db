using GanMl.Examples;
using GanMl.Imaging;

namespace GanMl.Tests.Imaging;

/// <summary>Paths of the shipped Fashion-MNIST subset and a disposable temporary folder.</summary>
internal static class TestPaths
{
    public static string SubsetFolder => FashionMnistSubset.FindFolder();

    public static string TrainImages => Path.Combine(SubsetFolder, "train-images-idx3-ubyte.gz");

    public static string TrainLabels => Path.Combine(SubsetFolder, "train-labels-idx1-ubyte.gz");

    public static string TestImages => Path.Combine(SubsetFolder, "t10k-images-idx3-ubyte.gz");

    public static string TestLabels => Path.Combine(SubsetFolder, "t10k-labels-idx1-ubyte.gz");
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ganml-img-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Debug aid: GANML_TEST_ARTIFACTS=/some/folder keeps the PNG files the tests produced, for eyeballing.
        var keep = Environment.GetEnvironmentVariable("GANML_TEST_ARTIFACTS");
        if (!string.IsNullOrEmpty(keep) && Directory.Exists(Path))
        {
            Directory.CreateDirectory(keep);
            foreach (var png in Directory.GetFiles(Path, "*.png", SearchOption.AllDirectories))
                System.IO.File.Copy(png, System.IO.Path.Combine(keep, System.IO.Path.GetFileName(Path) + "-" + System.IO.Path.GetFileName(png)), overwrite: true);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
