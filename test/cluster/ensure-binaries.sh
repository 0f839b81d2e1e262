#!/usr/bin/env bash
# Makes sure kube-apiserver and etcd binaries exist for the cluster tests and prints the folder
# holding them (the last line of stdout; progress goes to stderr).
#
#   KUBEBUILDER_ASSETS=/dir   use /dir/kube-apiserver and /dir/etcd as they are (no build)
#   otherwise                 build them from the Go module in ./kube-binaries (kube-apiserver
#                             from k8s.io/kubernetes v1.36.3, etcd v3.6.8) into
#                             ${STRATA_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-kube}/v1.36.3-etcd3.6.8/
#                             skipping the build when both are already there.
#
# A cold build takes about 5 minutes on 2 cores; later runs return at once. The binaries are
# about 200 MB together: they live outside the repository and are never committed.
# Fails (exit 1, message on stderr) when the binaries cannot be had: tests never skip silently.
set -euo pipefail

KUBE_VERSION=v1.36.3
ETCD_VERSION=v3.6.8
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module="$here/kube-binaries"

log() { printf 'ensure-binaries: %s\n' "$*" >&2; }
die() { printf 'ensure-binaries: ERROR: %s\n' "$*" >&2; exit 1; }

if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  for bin in kube-apiserver etcd; do
    [ -x "$KUBEBUILDER_ASSETS/$bin" ] ||
      die "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS has no executable '$bin' (it must hold kube-apiserver and etcd)"
  done
  printf '%s\n' "$KUBEBUILDER_ASSETS"
  exit 0
fi

cache_root=${STRATA_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-kube}
out="$cache_root/$KUBE_VERSION-etcd${ETCD_VERSION#v}"

have_both() { [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]; }

if have_both; then
  printf '%s\n' "$out"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is not on PATH, so kube-apiserver $KUBE_VERSION and etcd $ETCD_VERSION cannot be built.
  Install Go >= 1.26 (the Go module proxy must be reachable), or set KUBEBUILDER_ASSETS to a folder
  holding prebuilt 'kube-apiserver' and 'etcd' binaries."

mkdir -p "$out"
# One build at a time: parallel test files (and cluster:up) may all ask at once.
exec 9>"$out/.lock"
flock 9
if have_both; then
  printf '%s\n' "$out"
  exit 0
fi

export CGO_ENABLED=0
started=$SECONDS
log "building kube-apiserver $KUBE_VERSION and etcd $ETCD_VERSION into $out (about 5 minutes on 2 cores the first time)"

ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
ldflags+=" -X k8s.io/component-base/version.gitMajor=$(echo "${KUBE_VERSION#v}" | cut -d. -f1)"
ldflags+=" -X k8s.io/component-base/version.gitMinor=$(echo "${KUBE_VERSION#v}" | cut -d. -f2)"
ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"

build() { # output-name package [ldflags]
  local tmp="$out/.$1.partial.$$"
  log "go build $2"
  if ! (cd "$module" && go build -mod=readonly -buildvcs=false -trimpath -ldflags "${3:-}" -o "$tmp" "$2"); then
    rm -f "$tmp"
    die "building $2 failed (see the Go output above)"
  fi
  mv -f "$tmp" "$out/$1"
}

build etcd go.etcd.io/etcd/server/v3 "-s -w"
build kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$ldflags"

have_both || die "the build finished but $out lacks kube-apiserver or etcd"
log "built in $((SECONDS - started)) s"
printf '%s\n' "$out"
