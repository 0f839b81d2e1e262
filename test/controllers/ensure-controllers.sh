#!/usr/bin/env bash
# Makes sure the real controllers the controller suites run exist, and prints the folder holding
# them (the last line of stdout; progress goes to stderr):
#
#   kube-controller-manager   k8s.io/kubernetes v1.36.3 (the module in ../cluster/kube-binaries)
#   source-controller         github.com/fluxcd/source-controller v1.9.6      (Flux 2.9 line)
#   kustomize-controller      github.com/fluxcd/kustomize-controller v1.9.6
#   helm-controller           github.com/fluxcd/helm-controller v1.6.4
#   argocd                    github.com/argoproj/argo-cd/v3 v3.5.8, trimmed to the application
#                             controller, repo server and git credential roles (./argocd-main)
#   kustomize                 sigs.k8s.io/kustomize/kustomize/v5 v5.8.1 (Argo CD's repo server runs it)
#
# plus, copied from the same module sources, what the harness installs: the controllers' own CRDs
# (crds/), Argo CD's config maps (argocd-config/) and the two wrapper scripts Argo CD's repo server
# runs on every manifest generation (bin/, mode 0755).
#
# Everything is built from the Go module proxy with the go.mod/go.sum pinned in ./pins (the
# controller modules' own go.mod minus their `replace …/api => ./api`, which points into a folder
# the module zip lacks), into ${STRATA_CONTROLLERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-controllers}/<key>/
# where <key> hashes this script, the pins and the trimmed main: a later run with the same pins
# returns at once. About 650 MB of binaries: they live outside the repository, never committed.
# A cold build takes roughly 20 minutes on 2 cores (see test/cluster/README.md).
# Fails (exit 1, message on stderr) when something cannot be built: the suites never skip silently.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pins="$here/pins"
kube_module="$here/../cluster/kube-binaries"
KUBE_VERSION=v1.36.3
ARGOCD_VERSION=v3.5.8

log() { printf 'ensure-controllers: %s\n' "$*" >&2; }
die() { printf 'ensure-controllers: ERROR: %s\n' "$*" >&2; exit 1; }

key=$(cd "$here" && cat ensure-controllers.sh argocd-main/main.go pins/*/go.mod pins/*/go.sum \
  "$kube_module/go.mod" "$kube_module/go.sum" | sha256sum | cut -c1-16)
cache_root=${STRATA_CONTROLLERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/strata-controllers}
out="$cache_root/$key"
bins=(kube-controller-manager source-controller kustomize-controller helm-controller argocd kustomize)

complete() { [ -e "$out/.complete" ]; }
if complete; then
  printf '%s\n' "$out"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is not on PATH, so the controllers cannot be built.
  Install Go >= 1.26 (the Go module proxy must be reachable)."

mkdir -p "$out/bin" "$out/crds" "$out/argocd-config"
# One build at a time: parallel test files (and cluster:up) may all ask at once.
exec 9>"$out/.lock"
flock 9
if complete; then
  printf '%s\n' "$out"
  exit 0
fi

export CGO_ENABLED=0
started=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-controllers-src.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# The source of one module version, from the module cache (downloaded from the proxy if absent).
module_dir() { # module@version
  local dir
  dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$1" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || die "could not download $1 from the Go module proxy"
  printf '%s\n' "$dir"
}

# A writable copy of a module's source with the pinned go.mod/go.sum in place.
pinned_copy() { # module@version pins-name
  local src dst="$work/$2"
  src=$(module_dir "$1")
  cp -r "$src" "$dst"
  chmod -R u+w "$dst"
  cp "$pins/$2/go.mod" "$pins/$2/go.sum" "$dst/"
  printf '%s\n' "$dst"
}

build() { # dir output-name package ldflags
  local tmp="$out/bin/.$2.partial.$$" t0=$SECONDS
  log "go build $3 (in $(basename "$1"))"
  if ! (cd "$1" && go build -mod=readonly -buildvcs=false -trimpath -ldflags "$4" -o "$tmp" "$3"); then
    rm -f "$tmp"
    die "building $2 failed (see the Go output above)"
  fi
  mv -f "$tmp" "$out/bin/$2"
  log "$2 built in $((SECONDS - t0)) s"
}

have() { [ -x "$out/bin/$1" ]; }

for spec in source-controller@v1.9.6 kustomize-controller@v1.9.6 helm-controller@v1.6.4; do
  name=${spec%@*}
  src=$(pinned_copy "github.com/fluxcd/$spec" "$name")
  cp "$src"/config/crd/bases/*.yaml "$out/crds/"
  have "$name" || build "$src" "$name" . "-s -w"
done

# Argo CD v3.5.8 builds gitops-engine from ./gitops-engine, a folder the module zip lacks, at a
# version the proxy does not serve; the pins take gitops-engine from argo-cd's master of
# 2026-07-08, whose Diff, DiffArray, Sync and Terminate take a context first.
argo=$(pinned_copy "github.com/argoproj/argo-cd/v3@$ARGOCD_VERSION" argo-cd)
sed -i -e 's/diff\.DiffArray(normResults/diff.DiffArray(context.TODO(), normResults/' \
  -e 's/diff\.Diff(configArray\[i\]/diff.Diff(context.TODO(), configArray[i]/' \
  -e '0,/^import (/s//import (\n\t"context"/' "$argo/util/argo/diff/diff.go"
sed -i -e 's/syncCtx\.Terminate()/syncCtx.Terminate(context.TODO())/' \
  -e 's/syncCtx\.Sync()/syncCtx.Sync(context.TODO())/' "$argo/controller/sync.go"
grep -q 'context.TODO(), normResults' "$argo/util/argo/diff/diff.go" &&
  grep -q 'syncCtx.Sync(context.TODO())' "$argo/controller/sync.go" ||
  die "Argo CD's source no longer matches the gitops-engine patch in $0"
mkdir -p "$argo/cmd/strata-argocd"
cp "$here/argocd-main/main.go" "$argo/cmd/strata-argocd/main.go"
cp "$argo"/manifests/crds/application-crd.yaml "$argo"/manifests/crds/appproject-crd.yaml "$out/crds/"
for f in "$argo"/manifests/base/config/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || cp "$f" "$out/argocd-config/"
done
install -m 0755 "$argo/hack/git-verify-wrapper.sh" "$argo/hack/gpg-wrapper.sh" "$out/bin/"
have argocd || build "$argo" argocd ./cmd/strata-argocd \
  "-s -w -X github.com/argoproj/argo-cd/v3/common.version=${ARGOCD_VERSION#v}"

have kustomize || build "$pins/kustomize-cli" kustomize sigs.k8s.io/kustomize/kustomize/v5 "-s -w"

# kube-controller-manager: the same wrapper module as kube-apiserver, built after it (waiting for
# ensure-binaries.sh's lock when a test is building it now) so the two share compiled packages.
if ! have kube-controller-manager; then
  "$here/../cluster/ensure-binaries.sh" >/dev/null
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=$(echo "${KUBE_VERSION#v}" | cut -d. -f1)"
  ldflags+=" -X k8s.io/component-base/version.gitMinor=$(echo "${KUBE_VERSION#v}" | cut -d. -f2)"
  ldflags+=" -X k8s.io/component-base/version.gitTreeState=clean"
  build "$kube_module" kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$ldflags"
fi

for bin in "${bins[@]}"; do have "$bin" || die "the build finished but $out/bin lacks $bin"; done
touch "$out/.complete"
log "built in $((SECONDS - started)) s"
printf '%s\n' "$out"
