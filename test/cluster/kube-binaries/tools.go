//go:build tools

// Package tools records the commands this module builds, so `go mod tidy` keeps their
// dependencies. Build them with ../ensure-binaries.sh
// (kube-apiserver, etcd) and ../../controllers/ensure-controllers.sh (kube-controller-manager).
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
