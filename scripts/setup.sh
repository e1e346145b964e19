#!/usr/bin/env bash
# Idempotent set-up: npm packages, then the Debian packages verilator, iverilog, yosys when a tool is missing, and the
# PPA flow's: qflow-tech-osu018 (the OSU 0.18 um liberty), opensta (sta), nextpnr-ice40, fpga-icestorm (icepack); and
# chromium, the headless browser the report's test opens the page in.
set -euo pipefail
cd "$(dirname "$0")/.."

# Installed when node_modules is missing or was installed from another package-lock.json: the stamp holds the lock's hash
# (content, not mtimes: a fresh checkout or a git worktree has a newer lock file than an install that is still current,
# and a worktree's node_modules may be a link to another checkout's).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.hwgen-lock-sha256
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  if [ -L node_modules ]; then
    echo "setup: node_modules is a link ($(readlink node_modules)) to an install not stamped with this package-lock.json's hash ($stamp);" >&2
    echo "setup: not installing through the link; remove it (rm node_modules) and run make again to install this checkout's own packages" >&2
    exit 1
  fi
  echo "setup: installing npm packages (npm ci)"
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/hwgen-npm-ci.log; then
    # npm 11.19 refuses its own lock file when the registry omits other platforms' optional packages (rollup's
    # per-platform builds): install from the same lock with npm install, which resolves identically here.
    if grep -q "in sync" /tmp/hwgen-npm-ci.log; then
      echo "setup: npm ci refused the lock file (npm optional-dependency bug); using npm install on the same lock"
      npm install --no-audit --no-fund --loglevel=error
    else
      cat /tmp/hwgen-npm-ci.log >&2
      exit 1
    fi
  fi
  echo "$lock_hash" > "$stamp"
fi

missing=()
command -v verilator >/dev/null 2>&1 || missing+=(verilator)
command -v iverilog  >/dev/null 2>&1 || missing+=(iverilog)
command -v yosys     >/dev/null 2>&1 || missing+=(yosys)
[ -f /usr/share/qflow/tech/osu018/osu018_stdcells.lib ] || missing+=(qflow-tech-osu018)
command -v sta           >/dev/null 2>&1 || missing+=(opensta)
command -v nextpnr-ice40 >/dev/null 2>&1 || missing+=(nextpnr-ice40)
command -v icepack       >/dev/null 2>&1 || missing+=(fpga-icestorm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && apt-get install -y ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing tools: ${missing[*]}" >&2
    echo "setup: run as root:  sudo sh -c '$cmd'   then run make again" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# ccache speeds up Verilator rebuilds; optional, installed when possible.
if ! command -v ccache >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ccache >/dev/null 2>&1 || true
fi
echo "setup: ok (verilator $(verilator --version | cut -d' ' -f2), iverilog $(iverilog -V 2>&1 | head -1 | cut -d' ' -f4), $(yosys -V | cut -d' ' -f1-2), OpenSTA $(sta -version), $(nextpnr-ice40 --version 2>&1 | head -1))"
