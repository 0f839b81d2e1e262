/**
 * A source that is there at once and hands over to the one being opened: the UI starts on an
 * empty "connecting…" picture instead of waiting on the network, then shows the live cluster as
 * soon as it is known, or a `failed` picture with the reason when it cannot be opened (the UI
 * then ends with that reason and exit status 2).
 */
import { type ActionName, ClusterModel, type Ref } from '@strata/core';
import type {
  ApplyOptions,
  ApplyResult,
  DataSource,
  LogsOptions,
  LogsResult,
  OpenedSource,
  Snapshot,
  SourceDescription,
} from './data-source.ts';

const STILL_CONNECTING = 'still connecting to the cluster';

export function handoverSource(description: SourceDescription, opening: Promise<OpenedSource>): DataSource {
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const placeholderView = new ClusterModel({ at: new Date().toISOString() }).view();
  const placeholder: Snapshot = {
    report: placeholderView.report,
    view: placeholderView,
    connection: 'connecting',
    hidden: [],
    versions: {},
  };
  let inner: Extract<OpenedSource, { source: DataSource }> | undefined;
  let failed: Snapshot | undefined;
  let unsubscribe: (() => void) | undefined;
  let closed = false;
  let last: { from: Snapshot; shown: Snapshot } | undefined;

  opening.then(
    (opened) => {
      if ('error' in opened) {
        failed = { ...placeholder, connection: 'failed', failure: opened.error };
        notify();
        return;
      }
      if (closed) {
        opened.source.close();
        return;
      }
      inner = opened;
      unsubscribe = opened.source.subscribe(notify);
      notify();
    },
    (error: unknown) => {
      failed = {
        ...placeholder,
        connection: 'failed',
        failure: error instanceof Error ? error.message : String(error),
      };
      notify();
    },
  );

  return {
    get kind() {
      return inner?.source.kind ?? 'live';
    },
    describe: () => inner?.source.describe() ?? description,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    snapshot: () => {
      if (inner === undefined) return failed ?? placeholder;
      const from = inner.source.snapshot();
      if (inner.notice === undefined) return from;
      if (last?.from !== from) last = { from, shown: { ...from, notice: inner.notice } };
      return last.shown;
    },
    object: (ref: Ref) => inner?.source.object(ref),
    events: (ref: Ref) => inner?.source.events(ref) ?? [],
    apply: (action: ActionName, ref: Ref, options?: ApplyOptions): Promise<ApplyResult> =>
      inner?.source.apply(action, ref, options) ?? Promise.resolve({ ok: false, error: STILL_CONNECTING }),
    logs: (ref: Ref, options?: LogsOptions): Promise<LogsResult> =>
      inner?.source.logs(ref, options) ?? Promise.resolve({ ok: false, error: STILL_CONNECTING }),
    followLogs: (ref, options, onLines) =>
      inner?.source.followLogs?.(ref, options, onLines) ??
      Promise.resolve({ ok: false, error: 'this source does not stream logs' }),
    focus: (roots: readonly Ref[]) => inner?.source.focus?.(roots),
    close: () => {
      closed = true;
      unsubscribe?.();
      inner?.source.close();
    },
  };
}
