// A trimmed entry point for the Argo CD binary the controller tests run: only the roles they
// need (application controller, repo server, git credential helper), so the build compiles
// neither the API server nor the CLI. ensure-controllers.sh copies it into Argo CD's module
// source as cmd/strata-argocd and builds it there; the role is chosen the way upstream's
// cmd/main.go chooses it, by ARGOCD_BINARY_NAME.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"k8s.io/klog/v2"

	appcontroller "github.com/argoproj/argo-cd/v3/cmd/argocd-application-controller/commands"
	gitaskpass "github.com/argoproj/argo-cd/v3/cmd/argocd-git-ask-pass/commands"
	reposerver "github.com/argoproj/argo-cd/v3/cmd/argocd-repo-server/commands"
	"github.com/argoproj/argo-cd/v3/common"
	"github.com/argoproj/argo-cd/v3/util/log"
)

func init() {
	klog.SetLogger(log.NewLogrusLogger(log.NewWithCurrentConfig()))
}

// Upstream's main calls grpc.DisableSRVLookups, which panics unless gRPC's grpclb balancer (pulled
// in by the roles left out here) has switched DNS SRV lookups on: without it they are off already.
func main() {
	var command *cobra.Command
	switch role := os.Getenv("ARGOCD_BINARY_NAME"); role {
	case common.CommandApplicationController:
		command = appcontroller.NewCommand()
	case common.CommandRepoServer:
		command = reposerver.NewCommand()
	case common.CommandGitAskPass:
		command = gitaskpass.NewCommand()
	default:
		fmt.Fprintf(os.Stderr, "set ARGOCD_BINARY_NAME to %s, %s or %s (got %q)\n",
			common.CommandApplicationController, common.CommandRepoServer, common.CommandGitAskPass, role)
		os.Exit(2)
	}
	if err := command.Execute(); err != nil {
		os.Exit(1)
	}
}
