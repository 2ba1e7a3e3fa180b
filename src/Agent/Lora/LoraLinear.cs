using LabPortal.Agent.Models;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Lora;

/// <summary>
/// A frozen linear layer plus a trainable low-rank update, as in Hugging Face PEFT:
/// <c>h = W·x + b + s · B(A(dropout(x)))</c> with A (r × in), B (out × r) and s = alpha / r (alpha / √r with rsLoRA).
/// Parameter names are PEFT's (<c>base_layer</c>, <c>lora_A</c>, <c>lora_B</c>) so adapters save in its layout.
/// </summary>
public sealed class LoraLinear : Module<Tensor, Tensor>
{
    [ComponentName(Name = "base_layer")]
    private readonly Linear _baseLayer;

    [ComponentName(Name = "lora_dropout")]
    private readonly Module<Tensor, Tensor> _dropout;

    [ComponentName(Name = "lora_A")]
    private readonly Linear _loraA;

    [ComponentName(Name = "lora_B")]
    private readonly Linear _loraB;

    public LoraLinear(Linear baseLayer, int rank, double alpha, double dropout, bool rsLora) : base(nameof(LoraLinear))
    {
        var weight = baseLayer.weight!;
        var (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1]);
        // A rank above the layer's smaller side adds nothing a smaller one could not, but is valid (PEFT accepts it,
        // and a C2 adapter saved as plain LoRA doubles its rank); only C2's own start needs r ≤ that side.
        if (rank < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), $"The LoRA rank {rank} must be at least 1.");
        }

        _baseLayer = baseLayer;
        _dropout = dropout > 0 ? Dropout(dropout) : Identity();
        _loraA = Linear(inFeatures, rank, hasBias: false, device: weight.device, dtype: weight.dtype);
        _loraB = Linear(rank, outFeatures, hasBias: false, device: weight.device, dtype: weight.dtype);
        Rank = rank;
        Scaling = rsLora ? alpha / Math.Sqrt(rank) : alpha / rank;
        RegisterComponents();

        using (no_grad())
        {
            // PEFT's default: A like a linear layer's Kaiming-uniform init, B zero, so training starts from W.
            init.kaiming_uniform_(_loraA.weight!, a: Math.Sqrt(5));
            init.zeros_(_loraB.weight!);
        }

        foreach (var parameter in _baseLayer.parameters())
        {
            parameter.requires_grad = false;
        }
    }

    public int Rank { get; }

    /// <summary>The factor s on the low-rank update.</summary>
    public double Scaling { get; }

    /// <summary>True while the update is folded into the base weight (then the adapter path is skipped).</summary>
    public bool Merged { get; private set; }

    /// <summary>
    /// A₀ and B₀ as C2 set them (null after PEFT's default init). The base weight then holds W − s·B₀·A₀, so saving
    /// an adapter for the original W needs them (see <c>PeftAdapter</c>).
    /// </summary>
    public (Tensor A, Tensor B)? InitialFactors { get; private set; }

    public Parameter BaseWeight => _baseLayer.weight!;

    public Parameter LoraA => _loraA.weight!;

    public Parameter LoraB => _loraB.weight!;

    /// <param name="input">(…, in)</param>
    /// <returns>(…, out)</returns>
    public override Tensor forward(Tensor input)
    {
        if (Merged)
        {
            return _baseLayer.call(input);
        }

        // Under training.precision bf16-frozen the base layer and the activations are bf16 while A and B stay fp32:
        // the update is computed in A's type and joins the frozen output in its type (both casts are no-ops in fp32).
        using var scope = NewDisposeScope();
        var frozen = _baseLayer.call(input);
        var update = _loraB.call(_loraA.call(_dropout.call(input.to_type(_loraA.weight!.dtype))));
        return frozen.Plus(update.Times(Scaling).to_type(frozen.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>The update the adapter adds to the base weight: s · B · A, shaped like it (out × in).</summary>
    public Tensor DeltaWeight()
    {
        using var product = matmul(_loraB.weight!, _loraA.weight!);
        return product.Times(Scaling);
    }

    /// <summary>Folds the update into the base weight, so inference costs nothing extra.</summary>
    public void Merge()
    {
        if (!Merged)
        {
            AddToBase(sign: 1);
            Merged = true;
        }
    }

    /// <summary>Takes a merged update back out of the base weight.</summary>
    public void Unmerge()
    {
        if (Merged)
        {
            AddToBase(sign: -1);
            Merged = false;
        }
    }

    /// <summary>
    /// C2 of docs/method.md: start A and B in the top-r singular subspace of W (as PiSSA does),
    /// B = U_r·S_r^½/√s, A = S_r^½·V_rᵀ/√s, and freeze the residual W − s·B·A so the layer's function is unchanged.
    /// </summary>
    public void InitializeFromPrincipalComponents()
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var weight = _baseLayer.weight!;
        if (Rank > Math.Min(weight.shape[0], weight.shape[1]))
        {
            throw new InvalidOperationException(
                $"C2 starts A and B from the top {Rank} singular vectors, but a {weight.shape[0]}×{weight.shape[1]} layer has only {Math.Min(weight.shape[0], weight.shape[1])}: lower the rank or turn C2 off.");
        }

        var (u, s, vh) = linalg.svd(weight.to_type(ScalarType.Float64), fullMatrices: false); // (out, k), (k), (k, in)
        var rootS = s[..Rank].sqrt();                                                          // (r)
        var b = (u[.., ..Rank] * rootS.unsqueeze(0)).DividedBy(Math.Sqrt(Scaling));            // (out, r)
        var a = (rootS.unsqueeze(1) * vh[..Rank, ..]).DividedBy(Math.Sqrt(Scaling));           // (r, in)
        var residual = weight.to_type(ScalarType.Float64) - matmul(b, a).Times(Scaling);
        _loraB.weight!.copy_(b);
        _loraA.weight!.copy_(a);
        weight.copy_(residual);
        DisposeInitialFactors();
        // Kept past this method's scope (and any caller's): the layer owns them until it is disposed.
        InitialFactors = (_loraA.weight!.detach().clone().DetachFromDisposeScope(), _loraB.weight!.detach().clone().DetachFromDisposeScope());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeInitialFactors();
        }

        base.Dispose(disposing);
    }

    private void DisposeInitialFactors()
    {
        InitialFactors?.A.Dispose();
        InitialFactors?.B.Dispose();
        InitialFactors = null;
    }

    private void AddToBase(int sign)
    {
        using var guard = no_grad();
        using var delta = DeltaWeight();
        _baseLayer.weight!.AddInPlace(delta, alpha: sign);
    }
}
