namespace LabPortal.Portal.Services.Experiments;

/// <summary>How the experiment table tests each row against the baseline row on the same validation pairs.</summary>
public enum SignificanceTest
{
    McNemar,
    PairedBootstrap,
}
