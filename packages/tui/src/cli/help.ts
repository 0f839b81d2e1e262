/** `strata --help` */
export const MAIN_HELP = `strata: one picture of a cluster's Flux platform layer and Argo CD application layer,
with the root cause of every failure.

Usage:
  strata                      show the diagnosis of the built-in demo cluster
  strata report --file PATH   diagnose the objects in YAML or JSON files
  strata --help | --version

Commands:
  report    print the diagnosis of a snapshot (see strata report --help)

Options:
  -h, --help       show this help
  -V, --version    show the version
`;

/** `strata report --help` */
export const REPORT_HELP = `Usage: strata report --file PATH [--file PATH ...] [--output text|json] [--at TIME]

Diagnoses the Flux and Argo CD objects in the given files and prints their root causes.

Options:
  -f, --file PATH       a YAML or JSON file: multi-document YAML, a List, or the output of
                        kubectl get -o yaml|json. Repeat it, or list several paths after it.
                        - reads standard input.
  -o, --output FORMAT   text (default) or json (the Report object, strata/v1)
      --at TIME         the snapshot time, ISO-8601 (2026-11-22T10:00:00Z; no offset means
                        UTC); default now
  -h, --help            show this help

Documents that are not Kubernetes objects, or are not valid YAML, are skipped with a warning on
stderr; the rest is still diagnosed. Secret values are dropped as soon as they are read.
Colour is used on a terminal unless NO_COLOR is set; FORCE_COLOR=1 forces it, FORCE_COLOR=0
turns it off.

Exit status: 0 every object is ready, 1 some object is not ready, 2 bad usage or unreadable input.
`;
