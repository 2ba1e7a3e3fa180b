using LabPortal.Bench;

// bench/README.md lists the commands; each prints what it measured and ends with one JSON line.
return args.FirstOrDefault() switch
{
    "matmul" => MatmulCommand.Run(args[1..]),
    "train" => TrainStepCommand.Run(args[1..]),
    "memory" => MemoryCommand.Run(args[1..]),
    "precision" => PrecisionCommand.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: LabPortal.Bench matmul | train [--steps N] [--warmup N] [--threads N] [--full 0|1] | memory lora|full[-bf16][-ckpt] | precision [--steps N] [--warmup N]");
    return 2;
}
