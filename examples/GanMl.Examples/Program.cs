using GanMl.Examples;

// train, augment, bench, merge, export-onnx: see Cli. 'help' or no arguments print the command list.
return Cli.Run(args);
