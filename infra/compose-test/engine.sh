#!/usr/bin/env bash
# A Docker engine of the compose test's own, on a machine that may have none running:
#   engine.sh start   installs Debian's docker.io, docker-compose and debootstrap if missing, starts
#                     dockerd on a private socket, and builds the base images it cannot pull
#   engine.sh stop    stops that dockerd (the images stay in its data root for the next run)
# The socket is $EVENTWIRE_DOCKER_HOST (default unix:///run/eventwire-compose-test/docker.sock).
set -euo pipefail

STATE=${EVENTWIRE_COMPOSE_STATE:-/var/lib/eventwire-compose-test}
RUN=/run/eventwire-compose-test
SOCKET=${EVENTWIRE_DOCKER_HOST:-unix://$RUN/docker.sock}
export DOCKER_HOST=$SOCKET
HERE=$(cd "$(dirname "$0")" && pwd)

# The names the project's Dockerfile and compose file use; each is built locally from Debian when
# the registry cannot be reached. Grafana has no Debian package, so the test runs without it.
PYTHON_IMAGE=python:3.11-slim
REDIS_IMAGE=redis:7-alpine
POSTGRES_IMAGE=postgres:15-alpine
PROMETHEUS_IMAGE=prom/prometheus:v2.53.0

log() { echo "engine: $*" >&2; }

install_tools() {
    local missing=()
    command -v dockerd >/dev/null || missing+=(docker.io)
    command -v docker-compose >/dev/null || missing+=(docker-compose)
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

start_dockerd() {
    mkdir -p "$STATE/docker" "$RUN"
    if docker info >/dev/null 2>&1; then
        return
    fi
    log "starting dockerd ($SOCKET)"
    # No systemd here, so cgroupfs; no bridge traffic allowed, so the test puts containers on the
    # host network and dockerd need not set up iptables.
    dockerd --exec-opt native.cgroupdriver=cgroupfs --data-root "$STATE/docker" \
        --exec-root "$RUN/exec" --pidfile "$RUN/dockerd.pid" -H "$SOCKET" \
        --iptables=false --ip-masq=false >"$RUN/dockerd.log" 2>&1 &
    for _ in $(seq 120); do
        docker info >/dev/null 2>&1 && return
        sleep 0.5
    done
    tail -20 "$RUN/dockerd.log" >&2
    log "dockerd did not come up"
    exit 1
}

# The first of the machine's own apt sources, so debootstrap uses the mirror the machine trusts.
debian_mirror() {
    local uri
    uri=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | grep -v security | grep -oE 'https?://[^ ]+' | head -1)
    echo "${uri:-http://deb.debian.org/debian}"
}

build_base() {
    local root="$STATE/rootfs"
    log "building the base images with debootstrap from $(debian_mirror)"
    rm -rf "$root"
    debootstrap --variant=minbase \
        --include=python3,python3-pip,python-is-python3,redis-server,redis-tools,postgresql-15,prometheus \
        bookworm "$root" "$(debian_mirror)" >"$STATE/debootstrap.log" 2>&1 \
        || { tail -20 "$STATE/debootstrap.log" >&2; exit 1; }
    # The slim image lets pip install into its interpreter; Debian's marks it as system-managed.
    rm -f "$root"/usr/lib/python3*/EXTERNALLY-MANAGED
    install -m 0755 "$HERE/postgres-entrypoint.sh" "$root/usr/local/bin/postgres-entrypoint"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import - eventwire-compose-test/bookworm >/dev/null
    rm -rf "$root"
}

# Each stand-in is the shared Debian layer with the entry point of the image it stands in for.
tag_image() {
    local tag=$1 body=$2
    printf 'FROM eventwire-compose-test/bookworm\nENV LANG=C.UTF-8\n%b\n' "$body" | docker build -q -t "$tag" - >/dev/null 2>&1
}

base_images() {
    local need=()
    for image in $PYTHON_IMAGE $REDIS_IMAGE $POSTGRES_IMAGE $PROMETHEUS_IMAGE; do
        docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >/dev/null 2>&1 || need+=("$image")
    done
    [ ${#need[@]} -eq 0 ] && return
    docker image inspect eventwire-compose-test/bookworm >/dev/null 2>&1 || build_base
    for image in "${need[@]}"; do
        log "standing in for $image"
        case $image in
            "$PYTHON_IMAGE") tag_image "$image" 'CMD ["python3"]' ;;
            "$REDIS_IMAGE") tag_image "$image" 'WORKDIR /data\nCMD ["redis-server"]' ;;
            "$POSTGRES_IMAGE") tag_image "$image" \
                'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data\nENTRYPOINT ["postgres-entrypoint"]' ;;
            "$PROMETHEUS_IMAGE") tag_image "$image" \
                'WORKDIR /prometheus\nENTRYPOINT ["/usr/bin/prometheus"]\nCMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' ;;
        esac
    done
}

stop_dockerd() {
    [ -f "$RUN/dockerd.pid" ] || return 0
    local pid
    pid=$(cat "$RUN/dockerd.pid")
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
}

case ${1:-} in
    start) install_tools; start_dockerd; base_images ;;
    stop) stop_dockerd ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
