#!/usr/bin/env bash
# Makes sure a Flux CLI exists for the `live` benchmark (a peer: `flux get all -A`, `flux tree`)
# and prints its path (the last line of stdout; progress goes to stderr).
#
#   STRATA_FLUX_BIN=/path/flux   use that binary as it is (no build)
#   otherwise                    build github.com/fluxcd/flux2/v2 v2.9.4's cmd/flux from the Go
#                                module proxy into
#                                ${STRATA_FLUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-flux}/v2.9.4/flux
#                                skipping the build when it is already there.
#
# Why not `go install github.com/fluxcd/flux2/v2/cmd/flux@v2.9.4`: its go.mod has a `replace`
# (gopkg.in/yaml.v3 => v3.0.1), which `go install pkg@version` refuses, and cmd/flux embeds
# manifests/*.yaml, which Flux's own release build generates and the module does not hold. So
# the module is downloaded, copied to a writable folder (its go.mod, with that replace, is then
# the main module's), given one placeholder YAML in cmd/flux/manifests/ (read only by
# `flux install`, which the benchmark never runs) and built there. About 2 minutes on 2 cores
# the first time; the binary (~90 MB) lives outside the repository and is never committed.
set -euo pipefail

FLUX_VERSION=v2.9.4
MODULE=github.com/fluxcd/flux2/v2

log() { printf 'ensure-flux: %s\n' "$*" >&2; }
die() { printf 'ensure-flux: ERROR: %s\n' "$*" >&2; exit 1; }

if [ -n "${STRATA_FLUX_BIN:-}" ]; then
  [ -x "$STRATA_FLUX_BIN" ] || die "STRATA_FLUX_BIN=$STRATA_FLUX_BIN is not an executable"
  printf '%s\n' "$STRATA_FLUX_BIN"
  exit 0
fi

cache_root=${STRATA_FLUX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-flux}
out="$cache_root/$FLUX_VERSION"
bin="$out/flux"

if [ -x "$bin" ]; then
  printf '%s\n' "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is not on PATH, so the Flux CLI $FLUX_VERSION cannot be built.
  Install Go >= 1.26 (the Go module proxy must be reachable), or set STRATA_FLUX_BIN to a flux binary."

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [ -x "$bin" ]; then
  printf '%s\n' "$bin"
  exit 0
fi

started=$SECONDS
log "downloading $MODULE@$FLUX_VERSION from the Go module proxy"
# Outside any module, so no go.mod or go.work of the caller's is involved.
dir=$(cd "$out" && GO111MODULE=on GOFLAGS=-mod=mod GOWORK=off \
  go mod download -json "$MODULE@$FLUX_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] && [ -f "$dir/go.mod" ] || die "go mod download did not give the module's folder"

src="$out/src"
rm -rf "$src"
cp -R "$dir" "$src"
chmod -R u+w "$src"
mkdir -p "$src/cmd/flux/manifests"
# cmd/flux embeds manifests/*.yaml (used by `flux install` only).
printf '# placeholder: the benchmark never runs flux install\n' >"$src/cmd/flux/manifests/placeholder.yaml"

log "building cmd/flux (about 2 minutes on 2 cores the first time)"
tmp="$out/.flux.partial.$$"
if ! (cd "$src" && CGO_ENABLED=0 GOWORK=off go build -mod=mod -buildvcs=false -trimpath \
  -ldflags "-s -w -X main.VERSION=${FLUX_VERSION#v}" -o "$tmp" ./cmd/flux); then
  rm -f "$tmp"
  die "building cmd/flux failed (see the Go output above)"
fi
mv -f "$tmp" "$bin"
log "built $bin in $((SECONDS - started)) s"
printf '%s\n' "$bin"
