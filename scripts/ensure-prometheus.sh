#!/usr/bin/env bash
# Prometheus and promtool from Debian's `prometheus` package: `npm start` runs one on loopback when the
# machine has it, and `npm test` unit-tests ops/alerts.yml with `promtool test rules`. The package's own
# service (on :9090, with its config in /etc) is kept from starting: ours is started by src/cli/start.ts.
set -euo pipefail
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  echo "[deps] apt-get install prometheus"
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  # policy-rc.d exit 101: the package's postinst may not start its service.
  POLICY=/usr/sbin/policy-rc.d
  CREATED=""
  if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod +x "$POLICY"
    CREATED=1
  fi
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  if [ -n "$CREATED" ]; then $SUDO rm -f "$POLICY"; fi
  # Where systemd runs, the service may still have been enabled: stop and disable it.
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi
