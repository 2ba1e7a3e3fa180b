using System.Globalization;

namespace LabPortal.Portal.Components.Shared;

/// <summary>Pixel coordinates as SVG attributes want them: invariant culture, one decimal at most.</summary>
public static class SvgNumber
{
    public static string Of(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
