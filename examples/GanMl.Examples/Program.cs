using GanMl.Examples;

// train, augment, bench, merge: see Cli. 'help' or no arguments print the command list.
return Cli.Run(args);
