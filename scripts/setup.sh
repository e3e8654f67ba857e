#!/usr/bin/env bash
# Prepares this machine for `npm start` and `npm test`: the system packages the harness
# drives (Docker engine, memcached with TLS, openssl, busybox for small local images,
# Chromium for the HTML report check, jq for the workflow test), a running Docker engine, and the npm packages.
# Safe to run again: it installs only what is missing and starts only what is stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*"; }

need_packages=()
command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
command -v memcached >/dev/null 2>&1 || need_packages+=(memcached)
command -v openssl >/dev/null 2>&1 || need_packages+=(openssl)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx nc || need_packages+=(busybox-static)
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v jq >/dev/null 2>&1 || need_packages+=(jq)

if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${need_packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
  else
    log "missing: ${need_packages[*]}. Install them (Debian: sudo apt-get install ${need_packages[*]}); the harness falls back to local processes without Docker."
  fi
fi

# The Docker engine: start it when it is installed but not responding. Without systemd
# (containers, CI sandboxes) dockerd is started directly in the background.
if command -v docker >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v dockerd >/dev/null 2>&1; then
    log "starting dockerd (log: /var/log/dockerd.log)"
    nohup dockerd >/var/log/dockerd.log 2>&1 &
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 0.5
    done
    docker info >/dev/null 2>&1 || log "dockerd did not answer within 30 s; see /var/log/dockerd.log"
  else
    log "a Docker client is installed but no engine responds; start it (sudo systemctl start docker) or the harness uses local processes"
  fi
fi

# npm packages, including the Node 26 runtime that every npm script uses.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

log "ready: $(node_modules/.bin/node --version), $(memcached -V 2>/dev/null || echo 'no memcached'), $(docker info --format 'Docker engine {{.ServerVersion}}' 2>/dev/null || echo 'no Docker engine')"
