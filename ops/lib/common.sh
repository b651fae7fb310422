# Shared by the ops scripts: where the repository is, and installing what a script needs.
# shellcheck shell=bash

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs Debian packages that are missing; runs apt-get update once, only when something is missing.
need_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Installs the npm packages pinned by a directory's package-lock.json (npm ci), only when the lock
# changed since the last install, so a second run costs a checksum.
need_npm_packages() {
  local dir=$1
  command -v npm >/dev/null 2>&1 || need_debian_packages nodejs npm
  local stamp="$dir/node_modules/.alataupay-lock.sha256"
  local wanted
  wanted=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && return 0
  say "installing npm packages in ${dir#"$(repo_root)/"}"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "$wanted" >"$stamp"
}

need_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required: https://dot.net (dotnet not on PATH)"
  dotnet --list-sdks | grep -q '^10\.' || die "the .NET 10 SDK is required; found: $(dotnet --list-sdks | tr '\n' ' ')"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}
