/** `strata --help` */
export const MAIN_HELP = `strata: one picture of a cluster's Flux platform layer and Argo CD application layer,
with the root cause of every failure.

Usage:
  strata [OPTIONS]            open the terminal UI on the current kubeconfig context (--demo: the
                              built-in demo, also on a first run with no kubeconfig at all)
  strata report               diagnose the cluster of the current kubeconfig context
  strata report --file PATH   diagnose the objects in YAML or JSON files
  strata --help | --version

Commands:
  report    print the diagnosis of a snapshot (see strata report --help)

Options:
      --demo              show the built-in demo cluster, whatever is reachable
      --readonly          never change anything: actions are shown, disabled
  -n, --namespace NS      start scoped to this namespace
  -A, --all-namespaces    start with all namespaces (the default)
      --kubeconfig PATH   the kubeconfig file; default KUBECONFIG, else ~/.kube/config
      --context NAME      the kubeconfig context; default its current-context
  -h, --help              show this help
  -V, --version           show the version

In the UI, ? lists every key: : commands (:rootcauses :layers :ks :hr :sources :apps
:appsets :projects :all), / filters, enter opens a root cause's chain, t o d y e show an
object's dependency tree, owners, description, YAML and events, r s R S reconcile, suspend or
resume, refresh and sync (after a confirmation), q quits. The UI needs a terminal; for text
output use strata report.
`;

/** `strata report --help` */
export const REPORT_HELP = `Usage: strata report [--kubeconfig PATH] [--context NAME] [-n NAMESPACE | -A] [--output text|json]
       strata report --file PATH [--file PATH ...] [--output text|json] [--at TIME]

Diagnoses the Flux and Argo CD objects of a cluster (the current kubeconfig context, read-only)
or in the given files, and prints their root causes.

Options:
  -f, --file PATH       a YAML or JSON file: multi-document YAML, a List, or the output of
                        kubectl get -o yaml|json. Repeat it, or list several paths after it.
                        - reads standard input.
  -o, --output FORMAT   text (default) or json (the Report object, strata/v1)
      --at TIME         the snapshot time, ISO-8601 (2026-11-22T10:00:00Z; no offset means
                        UTC); default now
      --kubeconfig PATH the kubeconfig file; default KUBECONFIG, else ~/.kube/config
      --context NAME    the kubeconfig context; default its current-context
  -n, --namespace NS    read only this namespace
  -A, --all-namespaces  read all namespaces (the default)
      --request-timeout DURATION
                        give up on a request after this long (30s, 1m; 0: never); default 30s
  -h, --help            show this help

Against a cluster, what this user may not read (RBAC) is left out and named on stderr, as is a
tool that is not installed; the JSON output stays the Report. Secrets are never read.

Documents that are not Kubernetes objects, or are not valid YAML, are skipped with a warning on
stderr; the rest is still diagnosed. Secret values are dropped as soon as they are read.
Colour is used on a terminal unless NO_COLOR is set; FORCE_COLOR=1 forces it, FORCE_COLOR=0
turns it off.

Exit status: 0 every object is ready, 1 some object is not ready, 2 bad usage, unreadable input
or no connection to the cluster.
`;
