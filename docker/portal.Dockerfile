# The portal: Blazor Server + LiteDB. Build from the repository root:
#   docker build -f docker/portal.Dockerfile -t labportal-portal .
# Agents run in their own containers (agent.Dockerfile), so the portal is built without its local agent.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY src/Shared/Shared.csproj src/Shared/
COPY src/Portal/Portal.csproj src/Portal/
# Restore first, on its own layer, so a source change does not download the packages again.
RUN dotnet restore src/Portal/Portal.csproj -p:BuildLocalAgent=false
COPY src/Shared/ src/Shared/
COPY src/Portal/ src/Portal/
RUN dotnet publish src/Portal/Portal.csproj -c Release --no-restore -p:BuildLocalAgent=false -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl only for the health check.
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The demo dataset, so the new-experiment form's defaults work out of the box; team datasets are mounted
# beside it at /lab/datasets (read-only) by compose.
COPY data/demo/ /lab/data/demo/
RUN mkdir -p /var/lib/labportal && chown app:app /var/lib/labportal
# The LiteDB file (and the run files stored inside it) lives on this volume: back it up, never lose it.
VOLUME /var/lib/labportal

# "app" is the non-root user the .NET images provide.
USER app
ENV Urls=http://0.0.0.0:8080 \
    Lab__DataRoot=/lab \
    Lab__DatabasePath=/var/lib/labportal/labportal.db \
    Lab__LocalAgents=0 \
    Logging__Console__FormatterName=json
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/api/health/ready || exit 1
# SIGTERM gives the portal time to close connections and flush the database (compose's stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "LabPortal.Portal.dll"]
