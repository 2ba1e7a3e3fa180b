using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// Tensor arithmetic that keeps its numbers alive. TorchSharp turns a double into a native Scalar that nothing
/// references once its handle is passed to libtorch, so the garbage collector can free it while the call still reads
/// it ("Unknown scalar type" from at::native::div, seen after resumes). Its tensor + tensor does the same with the
/// alpha of 1 it passes ("Expected false to be true" from c10::Scalar::toFloat inside add, seen when runs failed in
/// the chaos soak under heavy load). Here every Scalar is disposed only after the call returns.
/// </summary>
public static class ScalarMath
{
    public static Tensor Times(this Tensor tensor, double factor)
    {
        using var scalar = factor.ToScalar();
        return tensor.mul(scalar);
    }

    public static Tensor DividedBy(this Tensor tensor, double divisor)
    {
        using var scalar = divisor.ToScalar();
        return tensor.div(scalar);
    }

    /// <summary>tensor + other, elementwise (use instead of the + operator).</summary>
    public static Tensor Plus(this Tensor tensor, Tensor other)
    {
        using var one = 1.ToScalar();
        return tensor.add(other, one);
    }

    /// <summary>tensor += alpha · other, in place.</summary>
    public static Tensor AddInPlace(this Tensor tensor, Tensor other, double alpha = 1)
    {
        using var scalar = alpha.ToScalar();
        return tensor.add_(other, scalar);
    }

    /// <summary>tensor + a number, elementwise.</summary>
    public static Tensor Plus(this Tensor tensor, double addend)
    {
        using var scalar = addend.ToScalar();
        using var one = 1.ToScalar(); // add(scalar) alone passes its alpha as a temporary Scalar (see SubtractedFrom)
        return tensor.add(scalar, one);
    }

    /// <summary><paramref name="minuend"/> − tensor, elementwise.</summary>
    public static Tensor SubtractedFrom(this Tensor tensor, double minuend)
    {
        using var scalar = minuend.ToScalar();
        using var one = 1.ToScalar(); // add_(scalar) alone passes its alpha as a temporary Scalar, which can be freed mid-call
        return tensor.neg().add_(scalar, one);
    }
}
