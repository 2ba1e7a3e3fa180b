using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Deployment;

/// <summary>What can be checked of the images and the compose file without a container engine.</summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly string Docker = Path.Combine(RepositoryPaths.Root, "docker");

    [Fact]
    public void The_compose_file_validates_with_the_example_env_file()
    {
        var (exit, output) = Run("docker-compose", "--env-file", ".env.example", "-f", "compose.yaml", "config", "-q");

        Assert.True(exit == 0, output);
    }

    [Fact]
    public void Each_gpu_agent_is_given_its_own_gpu_and_sees_it_as_its_only_device()
    {
        var (exit, output) = Run("docker-compose", "--env-file", ".env.example", "-f", "compose.yaml", "config");
        Assert.True(exit == 0, output);

        var services = ServiceBlocks(output);
        foreach (var gpu in Enumerable.Range(0, 4))
        {
            var block = services[$"agent-gpu{gpu}"];
            Assert.Contains($"CUDA_VISIBLE_DEVICES: '{gpu}'", block);
            Assert.Matches($@"device_ids:\s+- '{gpu}'", block);
            Assert.Contains("LABPORTAL_AGENT_DEVICE: cuda:0", block);
        }

        Assert.Contains("LABPORTAL_AGENT_DEVICE: cpu", services["agent-cpu"]);
    }

    [Fact]
    public void Compose_refuses_to_start_without_the_first_gpu_agents_token_and_says_which_setting_is_missing()
    {
        var (exit, output) = ComposeConfig(line => !line.StartsWith("LAB_AGENT_TOKEN_GPU0="));

        Assert.NotEqual(0, exit);
        Assert.Contains("set LAB_AGENT_TOKEN_GPU0 in docker/.env", output);
    }

    [Fact]
    public void Each_gpu_agent_presents_its_own_token_and_the_portal_binds_that_token_to_the_agents_id()
    {
        var (exit, output) = ComposeConfig(line => true, line =>
            line.StartsWith("LAB_AGENT_TOKEN_GPU") ? $"{line.Split('=')[0]}=token-of-{line[16..20].ToLowerInvariant()}-0123456789abcdef" : line);
        Assert.True(exit == 0, output);

        var services = ServiceBlocks(output);
        foreach (var gpu in Enumerable.Range(0, 4))
        {
            var token = $"token-of-gpu{gpu}-0123456789abcdef";
            Assert.Contains($"LABPORTAL_AGENT_TOKEN: {token}", services[$"agent-gpu{gpu}"]);
            Assert.Contains($"LABPORTAL_AGENT_AGENT_ID: gpu-host-gpu{gpu}", services[$"agent-gpu{gpu}"]);
            Assert.Contains($"Lab__AgentTokens__gpu-host-gpu{gpu}: {token}", services["portal"]);
        }
    }

    /// <summary>docker-compose config with the example env file, its lines filtered and rewritten.</summary>
    private static (int Exit, string Output) ComposeConfig(Func<string, bool> keep, Func<string, string>? rewrite = null)
    {
        var envFile = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(envFile, File.ReadAllLines(Path.Combine(Docker, ".env.example")).Where(keep).Select(rewrite ?? (line => line)));
            return Run("docker-compose", "--env-file", envFile, "-f", "compose.yaml", "config");
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    [Theory]
    [InlineData("portal.Dockerfile")]
    [InlineData("agent.Dockerfile")]
    public void Every_path_a_dockerfile_copies_from_the_repository_exists(string dockerfile)
    {
        var sources = File.ReadLines(Path.Combine(Docker, dockerfile))
            .Select(line => CopyLine().Match(line))
            .Where(m => m.Success)
            .SelectMany(m => m.Groups["paths"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(
            File.Exists(Path.Combine(RepositoryPaths.Root, source)) || Directory.Exists(Path.Combine(RepositoryPaths.Root, source)),
            $"{dockerfile} copies '{source}', which is not in the repository."));
    }

    [Fact]
    public void The_cuda_switch_selects_the_cuda_libtorch_package_and_drops_the_cpu_one()
    {
        Assert.Contains("libtorch-cpu-linux-x64", AgentPackages(torchDevice: null));
        Assert.DoesNotContain("TorchSharp-cuda-linux", AgentPackages(torchDevice: null));

        var cuda = AgentPackages(torchDevice: "cuda");

        Assert.Contains("TorchSharp-cuda-linux", cuda);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", cuda);
        Assert.Contains("TorchSharp", cuda);
    }

    /// <summary>Each service's text in docker-compose's normalised output (services at two spaces under "services:").</summary>
    private static Dictionary<string, string> ServiceBlocks(string config)
    {
        var blocks = new Dictionary<string, string>();
        string? current = null;
        var inServices = false;
        foreach (var line in config.Split('\n'))
        {
            if (!line.StartsWith(' ') && line.Length > 0)
            {
                inServices = line == "services:";
                current = null;
            }
            else if (inServices && ServiceHeader().Match(line) is { Success: true } header)
            {
                current = header.Groups[1].Value;
                blocks[current] = "";
            }
            else if (current is not null)
            {
                blocks[current] += line + "\n";
            }
        }

        return blocks;
    }

    /// <summary>The agent's package references as MSBuild evaluates them (no restore, so the CUDA package need not be served here).</summary>
    private static List<string> AgentPackages(string? torchDevice)
    {
        string[] arguments = ["msbuild", Path.Combine(RepositoryPaths.Root, "src", "Agent", "Agent.csproj"), "-getItem:PackageReference"];
        var (exit, output) = Run("dotnet", torchDevice is null ? arguments : [.. arguments, $"-p:TorchDevice={torchDevice}"]);
        Assert.True(exit == 0, output);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(item => item.GetProperty("Identity").GetString()!)
            .ToList();
    }

    private static (int Exit, string Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Docker, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COMPOSE_PROFILES"] = "";
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result + errors);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"'{program}' is not installed: `apt-get install -y docker-compose` (bash .ci/run does).");
        }
    }

    [GeneratedRegex(@"^  ([a-z0-9-]+):$")]
    private static partial Regex ServiceHeader();

    [GeneratedRegex(@"^COPY\s+(?!--from)(?<paths>[^\n]+)$")]
    private static partial Regex CopyLine();
}
