namespace GanMl.Imaging;

/// <summary>Class names of the MNIST handwritten digits dataset.</summary>
public static class Mnist
{
    /// <summary>The ten MNIST class names, indexed by label: "0" … "9".</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Array.AsReadOnly(new[]
    {
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    });
}
