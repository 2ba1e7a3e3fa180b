using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Onnx;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>Reads ONNX tensor values (little-endian raw data or the typed repeated fields) as numbers or torch tensors.</summary>
public static class OnnxTensors
{
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;
    private const int DoubleType = (int)TensorProto.Types.DataType.Double;
    private const int Int32Type = (int)TensorProto.Types.DataType.Int32;

    public static long[] Shape(TensorProto tensor) => tensor.Dims.ToArray();

    public static long ElementCount(TensorProto tensor) => tensor.Dims.Aggregate(1L, (product, d) => product * d);

    /// <summary>The values of a small integer tensor (shape constants), or null if it holds no integers.</summary>
    public static long[]? Int64Values(TensorProto tensor) => tensor.DataType switch
    {
        Int64Type when tensor.RawData.Length > 0 => Enumerable.Range(0, tensor.RawData.Length / 8)
            .Select(i => BinaryPrimitives.ReadInt64LittleEndian(tensor.RawData.Span[(i * 8)..])).ToArray(),
        Int64Type => tensor.Int64Data.ToArray(),
        Int32Type when tensor.RawData.Length > 0 => Enumerable.Range(0, tensor.RawData.Length / 4)
            .Select(i => (long)BinaryPrimitives.ReadInt32LittleEndian(tensor.RawData.Span[(i * 4)..])).ToArray(),
        Int32Type => tensor.Int32Data.Select(v => (long)v).ToArray(),
        _ => null,
    };

    /// <summary>The values of a small floating-point tensor (epsilon constants), or null if it holds none.</summary>
    public static double[]? FloatValues(TensorProto tensor) => tensor.DataType switch
    {
        FloatType when tensor.RawData.Length > 0 => MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray().Select(v => (double)v).ToArray(),
        FloatType => tensor.FloatData.Select(v => (double)v).ToArray(),
        DoubleType when tensor.RawData.Length > 0 => MemoryMarshal.Cast<byte, double>(tensor.RawData.Span).ToArray(),
        DoubleType => tensor.DoubleData.ToArray(),
        _ => null,
    };

    /// <summary>A float32 initializer as a new CPU tensor of its stored shape; throws naming it and the file otherwise.</summary>
    public static Tensor ToTorch(TensorProto tensor, string source)
    {
        if (tensor.DataType != FloatType)
        {
            throw new InvalidDataException($"{source}: tensor '{tensor.Name}' has ONNX data type {tensor.DataType}, expected float32 ({FloatType}).");
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new InvalidDataException($"{source}: tensor '{tensor.Name}' is stored in an external file, which is not supported.");
        }

        var count = ElementCount(tensor);
        ReadOnlySpan<byte> bytes = tensor.RawData.Length > 0
            ? tensor.RawData.Span
            : MemoryMarshal.AsBytes(tensor.FloatData.ToArray().AsSpan());
        if (bytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException(
                $"{source}: tensor '{tensor.Name}' of shape [{string.Join(", ", tensor.Dims)}] holds {bytes.Length} bytes, expected {count * sizeof(float)}.");
        }

        // Raw data is little-endian float32, the layout of a CPU float tensor on every platform torch supports here.
        var result = empty(Shape(tensor), ScalarType.Float32);
        bytes.CopyTo(result.bytes);
        return result;
    }
}
