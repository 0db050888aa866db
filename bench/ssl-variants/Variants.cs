using GanMl.Torch;

/// <summary>The variants' settings; variants.patch adds the options and replaces this body with the mapping below.</summary>
internal static class Variants
{
    public static SslTrainingOptions Apply(SslTrainingOptions options, ref SslNetworkSpec spec, Func<string, string, string> env) => options;
}
