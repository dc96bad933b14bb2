# syntax=docker/dockerfile:1
# ModelHub's image: `docker build -t modelhub .` from the repository root (deploy/compose.yaml builds it the same way).
# At the root because the build needs the whole repository (Directory.*.props, appsettings.json, wwwroot-assets/) as
# its context, and .dockerignore is read from the root of the context.

# Node.js only as a build tool: ModelHub.Web's build runs `npm ci` in wwwroot-assets/ (Build/FrontendAssets.targets)
# and copies the apexcharts bundle into wwwroot/lib. The SDK image has no Node.js.
FROM node:22-bookworm-slim AS node

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && node --version && npm --version
WORKDIR /src
COPY . .
# One command restores (NuGet, then npm ci through the web project's build) and publishes; the caches are build-cache
# mounts, so a rebuild after a code change downloads nothing. Publish output, not `dotnet run`: only the published app
# serves the framework's and packages' static assets (_framework/blazor.web.js, _content/MudBlazor/...) in Production.
RUN --mount=type=cache,id=modelhub-nuget,target=/root/.nuget/packages \
    --mount=type=cache,id=modelhub-npm,target=/root/.npm \
    dotnet publish ModelHub.Web/ModelHub.Web.csproj -c Release -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# A named volume copies the ownership of the folder it is first mounted over: the app user must own /data, or it could
# not write its database, dataset files and key ring there.
RUN mkdir /data && chown $APP_UID:$APP_UID /data
# Owned by root and read-only for the app user: a compromised process cannot rewrite its own binaries.
COPY --from=build /app .
ENV ModelHub__DataFolder=/data
VOLUME /data
# The base image's non-root `app` user (numeric, so Kubernetes' runAsNonRoot can verify it); it listens on 8080
# (ASPNETCORE_HTTP_PORTS, set by the base image).
USER $APP_UID
EXPOSE 8080
# Liveness, from inside the container. The aspnet image has no curl or wget (and adding one only for this widens what
# an intruder can use), but it is Ubuntu with bash: bash's /dev/tcp sends the request and the status line must be 200.
# /healthz checks no dependency, so a database outage does not get healthy instances restarted; the first port of
# ASPNETCORE_HTTP_PORTS is the one probed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "port=${ASPNETCORE_HTTP_PORTS:-8080}; exec 3<>/dev/tcp/127.0.0.1/${port%%[;,]*} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r status <&3 && [[ $status == 'HTTP/1.1 200 '* ]]"]
ENTRYPOINT ["dotnet", "ModelHub.Web.dll"]
