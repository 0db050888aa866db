namespace GanMl.Torch;

/// <summary>The processor this process runs on, as logs and error messages name it: vendor, model name, family and model.</summary>
internal static class CpuDescription
{
    private static readonly Lazy<string> Value = new(Read);

    /// <summary>E.g. "AuthenticAMD AMD EPYC (family 26, model 2)"; the architecture alone where /proc/cpuinfo is missing.</summary>
    public static string Current => Value.Value;

    private static string Read()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var fields = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).Select(l => l.Split(':', 2))
                    .Where(p => p.Length == 2).GroupBy(p => p[0].Trim()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
                string Field(string key) => fields.GetValueOrDefault(key, "?");
                return $"{Field("vendor_id")} {Field("model name")} (family {Field("cpu family")}, model {Field("model")})";
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
