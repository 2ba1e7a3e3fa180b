# An agent: trains runs on one device. Build from the repository root:
#   docker build -f docker/agent.Dockerfile -t labportal-agent:cuda .                        (GPU, the default)
#   docker build -f docker/agent.Dockerfile --build-arg TORCH_DEVICE=cpu -t labportal-agent:cpu .
# TORCH_DEVICE selects libtorch through the project's MSBuild switch (-p:TorchDevice=cuda|cpu).

ARG TORCH_DEVICE=cuda

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TORCH_DEVICE
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY src/Shared/Shared.csproj src/Shared/
COPY src/Agent/Agent.csproj src/Agent/
# libtorch is large (gigabytes for CUDA): its own layer, reused until the project file changes.
RUN dotnet restore src/Agent/Agent.csproj -p:TorchDevice=${TORCH_DEVICE}
COPY src/Shared/ src/Shared/
COPY src/Agent/ src/Agent/
RUN dotnet publish src/Agent/Agent.csproj -c Release --no-restore -p:TorchDevice=${TORCH_DEVICE} -o /app

# CPU: the plain .NET runtime image.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS runtime-cpu

# GPU: NVIDIA's CUDA base (the container toolkit mounts the driver and nvidia-smi); libtorch's CUDA package
# brings its own CUDA and cuDNN libraries, so the host driver must support that CUDA version.
FROM nvidia/cuda:12.8.1-base-ubuntu24.04 AS runtime-cuda
COPY --from=mcr.microsoft.com/dotnet/runtime:10.0 /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
    && apt-get update && apt-get install -y --no-install-recommends libicu74 ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1654 --create-home app
ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility

FROM runtime-${TORCH_DEVICE}
WORKDIR /app
COPY --from=build /app ./
COPY data/demo/ /lab/data/demo/
# Packaged model weights are extracted here on the first start; a volume keeps them across restarts.
RUN mkdir -p /cache && chown app:app /cache
VOLUME /cache
USER app
ENV LABPORTAL_AGENT_DATA_ROOT=/lab \
    LABPORTAL_MODEL_CACHE=/cache \
    LABPORTAL_AGENT_LOG_FORMAT=json
# On SIGTERM the agent stops its run at the next step boundary, gives it back to the queue and leaves.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "LabPortal.Agent.dll"]
