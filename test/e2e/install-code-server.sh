#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the newest release whose install script accepts Node 20)
# and playwright-core into the git-ignored .e2e/ folder, outside the project's own dependencies.
# Offline-safe: only the npm registry is used. Needs Debian's libkrb5-dev and ripgrep (see .ci/run).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
W="$root/.e2e"
CS_VERSION=4.100.3
PW_VERSION=1.65.1
if [ -x "$W/node_modules/.bin/code-server" ] && [ -d "$W/node_modules/playwright-core" ] \
   && grep -q "\"version\": \"$CS_VERSION\"" "$W/node_modules/code-server/package.json"; then
  echo "code-server $CS_VERSION already installed in .e2e/"
  exit 0
fi
mkdir -p "$W/tmp"
# @vscode/ripgrep's install script downloads rg from GitHub. It first looks in a cache under TMPDIR;
# seed that cache with Debian's rg so nothing is downloaded.
rgcache="$W/tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgcache"
if [ ! -f "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  if ! command -v rg >/dev/null; then echo "install-code-server: ripgrep is missing (apt-get install ripgrep)" >&2; exit 1; fi
  d=$(mktemp -d -p "$W/tmp"); cp "$(command -v rg)" "$d/rg"
  tar czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$d" rg
  rm -rf "$d"
fi
cd "$W"
[ -f package.json ] || echo '{"name":"selinux-ls-e2e","private":true}' > package.json
# code-server's install script refuses to run as root without unsafe_perm; node-pty runs `npx node-gyp`,
# which needs yes=true on machines whose npmrc says yes=false.
npm_config_unsafe_perm=true npm_config_yes=true TMPDIR="$W/tmp" \
  npm install --no-audit --no-fund --no-save "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
echo "installed code-server $CS_VERSION into .e2e/"
