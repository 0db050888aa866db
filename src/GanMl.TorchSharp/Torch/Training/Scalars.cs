using TorchSharp;

namespace GanMl.Torch;

/// <summary>
/// Constant <see cref="Scalar"/>s shared for the life of the process. TorchSharp 0.107 turns a C# number in a tensor
/// expression into a Scalar that nothing disposes, and its finalizer can run while libtorch still reads it
/// (dotnet/TorchSharp#1434). GanMl therefore never writes a number into a tensor expression: constants come from
/// here (static, so never finalized), other values from a <c>using var s = value.ToScalar()</c>.
/// </summary>
internal static class Scalars
{
    public static readonly Scalar Zero = 0.ToScalar();
    public static readonly Scalar One = 1.ToScalar();
    public static readonly Scalar Two = 2.ToScalar();
    public static readonly Scalar Half = 0.5.ToScalar();
}
