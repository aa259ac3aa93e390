# ActorTrap node image: `docker build -t actortrap:0.1.0 .` then push it where your cluster pulls from and set the
# image in k8s/kustomization.yaml. Two stages: the SDK publishes, the much smaller ASP.NET runtime image runs.
#
# Run standalone:   docker run -p 25:2525 actortrap:0.1.0
#   (the default command listens on 2525 inside the container, so it needs no capability; map 25 to it)
# Inspect it:       docker exec <container> /app/actortrap ctl sessions --held

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
# Build inputs only (.dockerignore keeps bin/, obj/, tests and .git out). The reference configuration is embedded
# in the node assembly from hocon/, so it is built in.
COPY Directory.Build.props Directory.Packages.props ./
COPY hocon/ hocon/
COPY src/ src/
RUN dotnet publish src/ActorTrap.Cli/ActorTrap.Cli.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# A fixed numeric user, the same as runAsUser in k8s/statefulset.yaml, so runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 actortrap \
 && useradd --system --uid 10001 --gid actortrap --home-dir /var/lib/actortrap --shell /usr/sbin/nologin actortrap \
 && mkdir -p /var/lib/actortrap /etc/actortrap \
 && chown actortrap:actortrap /var/lib/actortrap
COPY --from=build /app /app
# The reference beside any overlay mounted here, so an overlay's `include "actortrap.conf"` finds it
# (Kubernetes mounts its own ConfigMap, with the same file, over this folder).
COPY hocon/actortrap.conf /etc/actortrap/actortrap.conf
# The spool and the embedded SQLite store; a volume so they outlive the container.
ENV ACTORTRAP_DATA_DIR=/var/lib/actortrap
VOLUME /var/lib/actortrap
WORKDIR /var/lib/actortrap
USER 10001:10001
# SMTP, the DNSBL responder when configured (actortrap.publish.dns.listen), the admin endpoint.
EXPOSE 2525/tcp 5353/udp 5353/tcp 9110/tcp
ENTRYPOINT ["/app/actortrap"]
# The built-in reference, but SMTP on a high port. Kubernetes replaces this with its own arguments.
CMD ["run", "--set", "actortrap.smtp.listen=[\"0.0.0.0:2525\"]", "--log-format", "json"]
