namespace GanMl.Imaging;

/// <summary>Class names of the Fashion-MNIST dataset.</summary>
public static class FashionMnist
{
    /// <summary>The ten Fashion-MNIST class names, indexed by label (0 = "T-shirt/top" … 9 = "Ankle boot").</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Array.AsReadOnly(new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    });
}
