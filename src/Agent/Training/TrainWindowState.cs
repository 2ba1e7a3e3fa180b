namespace LabPortal.Agent.Training;

/// <summary>What a train window has summed since its last report: the step losses, the steps and their examples.</summary>
public sealed record TrainWindowState(double LossSum, int Steps, int Examples);
