# ActorTrap node image: `docker build -t actortrap:0.1.0 .` then push it where your cluster pulls from and set the
# image in k8s/kustomization.yaml. Two stages: the SDK publishes self-contained (the .NET runtime and ASP.NET Core
# inside /app), and runtime-deps, the smallest .NET base (only the native libraries the runtime needs), runs it.
# Not trimmed: Akka.NET finds actors, serializers and HOCON-named types by reflection (docs/operations.md).
# For arm64: docker build --build-arg RID=linux-arm64 ...
#
# Run standalone:   docker run -p 25:2525 actortrap:0.1.0
#   (the default command listens on 2525 inside the container, so it needs no capability; map 25 to it)
# Inspect it:       docker exec <container> /app/actortrap ctl sessions --held
# Health:           the HEALTHCHECK below runs `actortrap ctl health` (the image has no curl) against /healthz.
# Admin from outside the container (ctl, the dashboard, Prometheus): it listens on the container's loopback by default;
# bind it to all addresses, which needs a token, and publish the port on the host's loopback only:
#   docker run -p 25:2525 -p 127.0.0.1:9110:9110 -e ACTORTRAP_ADMIN_LISTEN=0.0.0.0:9110 --env-file actortrap.env actortrap:0.1.0
#   (actortrap.env: ACTORTRAP_ADMIN_TOKEN=<a long random secret>), then on the host:
#   ACTORTRAP_ADMIN_TOKEN=... actortrap ctl stats, or http://127.0.0.1:9110/dashboard#token=<token>
#
# DNS: the node asks actortrap.dns.servers (default 127.0.0.1:53), and inside a container nothing answers there. Give it
# a caching resolver of your own, never Docker's embedded DNS (127.0.0.11) or a public resolver, whose queries big
# DNSBLs refuse. Either the host's resolver with the host's network:
#   docker run --network host actortrap:0.1.0 run --set 'actortrap.smtp.listen=["0.0.0.0:2525"]'
# or a resolver the container reaches, e.g. unbound on the host listening on the Docker bridge (interface: 172.17.0.1,
# access-control: 172.17.0.0/16 allow):
#   docker run -p 25:2525 actortrap:0.1.0 run --set 'actortrap.smtp.listen=["0.0.0.0:2525"]' \
#     --set 'actortrap.dns.servers=["172.17.0.1:53"]'
# (docs/operations.md, "The container image"; on Kubernetes each pod has an unbound sidecar, see k8s/).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
# Build inputs only (.dockerignore keeps bin/, obj/, tests and .git out). The reference configuration is embedded
# in the node assembly from hocon/, so it is built in.
COPY Directory.Build.props Directory.Packages.props ./
COPY hocon/ hocon/
COPY src/ src/
# Self-contained, so the runtime image needs no .NET; never trimmed (PublishTrimmed=false said outright), since Akka.NET
# creates actors and serializers by reflection. docs/benchmarks.md has the size of this output.
ARG RID=linux-x64
RUN dotnet publish src/ActorTrap.Cli/ActorTrap.Cli.csproj -c Release -r $RID --self-contained true -p:PublishTrimmed=false -o /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
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
# The name in the SMTP greeting (the container's host name is a random id): the name your MX record gives the trap.
# Set your own with docker run -e ACTORTRAP_SMTP_HOSTNAME=mx2.example.org.
ENV ACTORTRAP_SMTP_HOSTNAME=trap.example.org
VOLUME /var/lib/actortrap
WORKDIR /var/lib/actortrap
USER 10001:10001
# Liveness from inside the container: /healthz on the admin endpoint (open without the token), asked by the binary
# itself. It asks ACTORTRAP_ADMIN when set (an admin port moved from 9110), else 127.0.0.1:9110, which also answers
# when the endpoint listens on 0.0.0.0. A degraded node (a DNSBL down) stays healthy: a restart would not help it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/app/actortrap", "ctl", "health"]
# SMTP, the DNSBL responder when configured (actortrap.publish.dns.listen), the admin endpoint.
EXPOSE 2525/tcp 5353/udp 5353/tcp 9110/tcp
ENTRYPOINT ["/app/actortrap"]
# The built-in reference, but SMTP on a high port. Kubernetes replaces this with its own arguments.
CMD ["run", "--set", "actortrap.smtp.listen=[\"0.0.0.0:2525\"]", "--log-format", "json"]
