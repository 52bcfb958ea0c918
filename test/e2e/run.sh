#!/usr/bin/env bash
# End-to-end tests in real editors: Neovim and Emacs (eglot) against `node dist/server.js --stdio`, and
# VS Code (code-server 4.100.3 = VS Code 1.100.3) driven through Debian's Chromium with Playwright.
# On a machine without the Debian packages each part skips with the package to install; under CI
# (CI=true) a missing package is a failure, because .ci/run installs them.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out="$root/test-results/e2e"
rm -rf "$out"; mkdir -p "$out"
passed=0; failed=0; skipped=0

need() { # need PROGRAM PACKAGE
  if command -v "$1" >/dev/null 2>&1 || [ -e "$1" ]; then return 0; fi
  if [ -n "${CI:-}" ]; then echo "e2e: $1 is missing (apt-get install $2); CI must have it"; failed=$((failed + 1)); return 1; fi
  echo "e2e: SKIP: $1 is missing: apt-get install $2"; skipped=$((skipped + 1)); return 1
}
result() { # result NAME RC
  if [ "$2" -eq 0 ]; then echo "e2e: ok $1"; passed=$((passed + 1)); else echo "e2e: FAILED $1 (rc $2)"; failed=$((failed + 1)); fi
}

[ -f dist/server.js ] && [ -f dist/extension.js ] || npm run build >/dev/null

# A scratch workspace: the example module, its denials as audit.log, and a broken module.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/selinux-ls-e2e-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# The servers' index cache: in the scratch directory, not the home directory.
export SELINUX_LS_CACHE_DIR="$scratch/cache"
ws="$scratch/webapp"; mkdir -p "$ws"
cp examples/webapp/webapp.te examples/webapp/webapp.if examples/webapp/webapp.fc "$ws/"
cp examples/webapp/webapp-denials.log "$ws/audit.log"
cp examples/webapp/webapp-denials.log "$ws/denials.txt"
cat > "$ws/broken.te" <<'TE'
policy_module(broken, 1.0.0)

type broken_t;
type broken_exec_t

allow broken_t broken_exec_t:file { read execute };
TE
cat > "$ws/demo.te" <<'TE'
policy_module(demo, 1.0.0)

type demo_t;
type demo_exec_t;
init_daemon_domain(demo_t, demo_exec_t)

files_read_etc_files(demo_t)
allow demo_t self:tcp_socket create_stream_socket_perms;
TE
printf 'policy_module(fixme, 1.0.0)\n\ntype fixme_t;\nallow fixme_t etc_t:file read;\n' > "$ws/fixme.te"
# File contexts that overlap the example module's: a duplicate, and an entry webapp.fc overrides.
cat > "$ws/webapp-extra.fc" <<'FC'
/var/log/webapp(/.*)?			gen_context(system_u:object_r:webapp_log_t,s0)
/var/log/webapp(/.*)?			gen_context(system_u:object_r:webapp_log_t,s0)
/var/log/webapp/archive(/.*)?		gen_context(system_u:object_r:webapp_var_lib_t,s0)
FC
export SELINUX_LS_SERVER="$root/dist/server.js"

# Neovim
if need nvim neovim; then
  XDG_CACHE_HOME="$scratch/nvim/cache" XDG_DATA_HOME="$scratch/nvim/data" XDG_STATE_HOME="$scratch/nvim/state" \
  SELINUX_LS_BROKEN="$ws/broken.te" SELINUX_LS_DEMO="$ws/demo.te" timeout 60 nvim --headless --clean -n -c "luafile test/e2e/nvim/lsp-e2e.lua" "$ws/webapp.te" 2>&1 | tee "$out/nvim.log"
  result neovim "${PIPESTATUS[0]}"
fi

# Emacs + eglot
if need emacs emacs-nox && need /usr/share/emacs/site-lisp/elpa/eglot-1.9 elpa-eglot; then
  SELINUX_LS_FILE="$ws/webapp.te" HOME="$scratch" timeout 60 emacs -Q --batch -l test/e2e/emacs/eglot-e2e.el 2>&1 | grep -E 'COMPLETION|HOVER|RESULT|FAIL|rror' | tee "$out/emacs.log"
  result emacs-eglot "${PIPESTATUS[0]}"
fi

# VS Code (code-server)
if need chromium chromium && need rg ripgrep && need /usr/include/gssapi/gssapi.h libkrb5-dev; then
  if bash test/e2e/install-code-server.sh > "$out/install.log" 2>&1; then
    W="$root/.e2e"
    run="$scratch/cs"; mkdir -p "$run/data/User" "$run/exts" "$run/tmp" "$run/home"
    echo '{"workbench.startupEditor":"none","telemetry.telemetryLevel":"off","extensions.autoCheckUpdates":false,"update.mode":"none","security.workspace.trust.enabled":false,"workbench.tips.enabled":false,"chat.disableAIFeatures":true,"workbench.reduceMotion":"on","editor.wordBasedSuggestions":"off","editor.snippetSuggestions":"bottom"}' > "$run/data/User/settings.json"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    HOME="$run/home" TMPDIR="$run/tmp" setsid "$W/node_modules/.bin/code-server" --bind-addr "127.0.0.1:$port" --auth none \
      --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
      --user-data-dir "$run/data" --extensions-dir "$run/exts" > "$out/code-server.log" 2>&1 &
    cs=$!
    trap 'kill -- -$cs 2>/dev/null; rm -rf "$scratch"' EXIT
    up=1
    for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && { up=0; break; }; sleep 0.1; done
    if [ $up -ne 0 ]; then echo "e2e: code-server did not start"; cat "$out/code-server.log"; result code-server 1; else
      (cd "$W" && TMPDIR="$run/tmp" NODE_PATH="$W/node_modules" timeout 240 node "$root/test/e2e/vscode/drive.js" "http://127.0.0.1:$port" "$root" "$root/test/e2e/vscode/suite.js" "$ws" "$out") 2>&1 | tee "$out/integration.log"
      result vscode-integration "${PIPESTATUS[0]}"
      (cd "$W" && TMPDIR="$run/tmp" NODE_PATH="$W/node_modules" timeout 240 node "$root/test/e2e/vscode/ui.js" "http://127.0.0.1:$port" "$root" "$ws" "$out/screenshots") 2>&1 | tee "$out/ui.log"
      result vscode-ui "${PIPESTATUS[0]}"
    fi
    kill -- -"$cs" 2>/dev/null
  else
    echo "e2e: installing code-server failed:"; tail -20 "$out/install.log"; result code-server-install 1
  fi
fi

echo "e2e: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
