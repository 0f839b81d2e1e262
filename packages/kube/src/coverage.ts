/**
 * What part of the cluster strata sees: which Flux and Argo CD kinds the server serves (and at
 * which version), which namespace is listed, and what is hidden from this user and why. The
 * report and the TUI print it as notes; JSON output stays the core's Report.
 */
import { GITOPS_KINDS, type ServedKind } from '@strata/core';

export type { ServedKind };

/** Something strata could not read, and why. */
export interface HiddenEntry {
  readonly kind: string;
  /** Undefined: in all namespaces (or at the cluster scope). */
  readonly namespace?: string;
  /** `forbidden`: RBAC said no; `error`: the server failed to answer; `discovery`: not known to be served. */
  readonly cause: 'forbidden' | 'error' | 'discovery';
  /** The server's own words. */
  readonly reason: string;
  /** What strata did about it, when it did something (`only namespace x is read`). */
  readonly detail?: string;
}

export interface ToolCoverage {
  /** Whether any kind of the tool is served. */
  readonly installed: boolean;
  readonly served: readonly ServedKind[];
  /** Kinds of GITOPS_KINDS the server does not serve in any known version. */
  readonly notServed: readonly string[];
}

export interface Coverage {
  readonly server: string;
  readonly context: string;
  readonly flux: ToolCoverage;
  readonly argo: ToolCoverage;
  /** Set when only one namespace is read (`-n`). */
  readonly namespace?: string;
  readonly hidden: readonly HiddenEntry[];
}

const KIND_ORDER = new Map<string, number>(GITOPS_KINDS.map((k, i) => [k.kind, i]));

/** GitOps kinds in GITOPS_KINDS order, then the others by name: notes read the same every run. */
export function compareKinds(a: string, b: string): number {
  const x = KIND_ORDER.get(a) ?? KIND_ORDER.size;
  const y = KIND_ORDER.get(b) ?? KIND_ORDER.size;
  return x - y || (a < b ? -1 : a > b ? 1 : 0);
}

function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}

/**
 * The why of a hidden entry, without the parts that name one resource or namespace, so entries
 * for several kinds and namespaces share one line: `forbidden for User "bob"`.
 */
function generalReason(entry: HiddenEntry): string {
  if (entry.cause === 'forbidden') {
    const user = /User "([^"]*)"/.exec(entry.reason)?.[1];
    return user === undefined ? `forbidden: ${entry.reason}` : `forbidden for user ${user} (RBAC)`;
  }
  return entry.reason.replace(/ in the namespace "[^"]*"/, '');
}

/**
 * One line per fact a reader of the report should know: a tool that is not installed, the
 * namespace restriction, and what is hidden, grouped: kinds hidden in the same namespaces for
 * the same reason share a line.
 */
export function coverageNotes(coverage: Coverage): string[] {
  const notes: string[] = [];
  if (!coverage.flux.installed && !coverage.argo.installed) {
    notes.push('neither Flux nor Argo CD is installed: the server serves none of their kinds');
  } else if (!coverage.flux.installed) {
    notes.push('Flux is not installed (the server serves none of its kinds): showing Argo CD only');
  } else if (!coverage.argo.installed) {
    notes.push('Argo CD is not installed (the server serves none of its kinds): showing Flux only');
  }
  if (coverage.namespace !== undefined) notes.push(`only namespace ${coverage.namespace} is read (-n)`);
  // Per kind and reason: where it is hidden.
  const perKind = new Map<string, { kind: string; why: string; all: boolean; namespaces: Set<string> }>();
  const hidden = [...coverage.hidden].sort(
    (a, b) => compareKinds(a.kind, b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? ''),
  );
  for (const entry of hidden) {
    const why = `${generalReason(entry)}${entry.detail === undefined ? '' : `; ${entry.detail}`}`;
    const key = `${entry.kind}\u0000${why}`;
    const group = perKind.get(key) ?? { kind: entry.kind, why, all: false, namespaces: new Set<string>() };
    if (entry.namespace === undefined) group.all = true;
    else group.namespaces.add(entry.namespace);
    perKind.set(key, group);
  }
  // Per reason and place: which kinds.
  const lines = new Map<string, { kinds: string[]; where: string; why: string }>();
  for (const { kind, why, all, namespaces } of perKind.values()) {
    const named = [...namespaces].sort();
    const where = all
      ? 'in all namespaces'
      : named.length === 1
        ? `in namespace ${named[0]}`
        : `in namespaces ${listNames(named)}`;
    const key = `${where}\u0000${why}`;
    const line = lines.get(key) ?? { kinds: [], where, why };
    line.kinds.push(kind);
    lines.set(key, line);
  }
  for (const { kinds, where, why } of lines.values()) {
    kinds.sort(compareKinds);
    const more = kinds.length - 6;
    const shown =
      more <= 0
        ? kinds.join(', ')
        : `${kinds.slice(0, 6).join(', ')} and ${more} more ${more === 1 ? 'kind' : 'kinds'}`;
    notes.push(`partial picture: ${shown} ${kinds.length === 1 ? 'is' : 'are'} hidden ${where}: ${why}`);
  }
  return notes;
}
