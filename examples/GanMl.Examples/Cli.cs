using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GanMl.Examples;

/// <summary>
/// The examples' command line (System.CommandLine): one <see cref="Command"/> per example, each with its options, their
/// defaults (shown by <c>--help</c>) and one place that binds them to the command's settings record.
/// Unknown options and values that do not parse are reported with the option's name and a non-zero exit code.
/// </summary>
internal static class Cli
{
    /// <summary>The exit code of a command whose settings were rejected after parsing (a parse error gives 1).</summary>
    public const int UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("GanMl examples. Run '<command> --help' for a command's options and defaults.")
        {
            TrainCommand.Create(),
            AugmentCommand.Create(),
            BenchCommand.Create(),
            MergeCommand.Create(),
            ExportOnnxCommand.Create(),
            SslCommand.Create(),
        };
        return root;
    }

    /// <summary>Parses and runs one command line; returns the exit code. Output and errors go to the console unless given.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        // No command, or "help [command]": the help text, as before.
        if (args.Count == 0) args = ["--help"];
        else if (args[0] == "help") args = [.. args.Skip(1), "--help"];
        error ??= Console.Error;
        var configuration = new InvocationConfiguration { Output = output ?? Console.Out, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = Build().Parse(args);
            if (parsed.Action is ParseErrorAction onError)
            {
                // The errors (with "did you mean" suggestions) and a pointer to the help, not the whole help text.
                onError.ShowHelp = false;
                int exit = parsed.Invoke(configuration);
                error.WriteLine($"Run '{string.Join(" ", parsed.CommandResult.Command == parsed.RootCommandResult.Command ? [] : new[] { parsed.CommandResult.Command.Name })} --help'".Replace("' ", "'") + " for the options and their defaults.");
                return exit;
            }
            return parsed.Invoke(configuration);
        }
        catch (ArgumentException e)
        {
            // Checks the parser cannot express (e.g. IDX data with --img-size 32) fail before any work starts.
            error.WriteLine($"error: {e.Message}");
            return UsageError;
        }
    }

    /// <summary>An option with a description and a default shown in its help.</summary>
    public static Option<T> Option<T>(string name, string description, T defaultValue, params string[] aliases) =>
        new(name, aliases)
        {
            // The help omits the default of a bool option; say it in the description.
            Description = defaultValue is bool flag ? $"{description} [default: {(flag ? "true" : "false")}]" : description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = typeof(T) == typeof(int) ? "N" : null,
        };

    /// <summary>An option without a default (the description says what its absence means).</summary>
    public static Option<T?> Optional<T>(string name, string description, string? helpName = null) =>
        new(name) { Description = description, HelpName = helpName ?? (typeof(T) == typeof(int?) ? "N" : null) };

    /// <summary>A float option parsed with the invariant culture (2e-4, 0.5), whatever the machine's culture.</summary>
    public static Option<float> Float(string name, string description, float defaultValue) => new(name)
    {
        Description = description,
        HelpName = "X",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && float.IsFinite(value)) return value;
            result.AddError($"Cannot parse argument '{text}' for option '{name}' as a number.");
            return default;
        },
    };

    /// <summary>A string option that accepts only the given values.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] values)
    {
        var option = Option(name, description, defaultValue);
        option.AcceptOnlyFromAmong(values);
        option.HelpName = string.Join("|", values);
        return option;
    }

    /// <summary>An enum option: values are matched ignoring case and listed in lower case in the help.</summary>
    public static Option<TEnum> Enum<TEnum>(string name, string description, TEnum defaultValue) where TEnum : struct, System.Enum
    {
        var option = Option(name, description, defaultValue);
        option.HelpName = string.Join("|", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        return option;
    }

    /// <summary>Adds a check of a parsed value that reports <paramref name="message"/> when it fails.</summary>
    public static Option<T> Where<T>(this Option<T> option, Func<T, bool> valid, string message)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            T value;
            try { value = result.GetValueOrDefault<T>(); }
            catch (InvalidOperationException) { return; } // the value did not parse: that error is reported already
            if (!valid(value)) result.AddError($"Option '{option.Name}' is {result.Tokens[0].Value}: {message}");
        });
        return option;
    }
}
