using GanMl.Examples;

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("""
        GanMl examples
          train    Train a GAN on Fashion-MNIST and write sample grids, a loss plot, the model and run.json.
          augment  Compare a classifier trained without and with GAN augmentation (100 real images per class).
          bench    Time GAN training steps on random data (see bench/gan_vs_pytorch.py).
          merge    Merge FID statistics saved per shard (.npz) into the statistics of all rows.
        Run 'dotnet run --project examples/GanMl.Examples -- <command> --help' for a command's options.
        """);
    return 0;
}
try
{
    var commandLine = new CommandLine(args.Skip(1));
    return args[0] switch
    {
        "train" => TrainCommand.Run(commandLine),
        "augment" => AugmentCommand.Run(commandLine),
        "bench" => BenchCommand.Run(commandLine),
        "merge" => MergeCommand.Run(commandLine),
        _ => throw new ArgumentException($"Unknown command '{args[0]}'. Commands: train, augment, bench, merge."),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
