/**
 * Logs for the demo's Pods, as the kubelet would serve them: cert-manager's webhook exits at
 * once because its secure port (10250, on the host network) is the kubelet's; team-a's
 * payments-api cannot log in to its database and gives up. Lines are invented but shaped like
 * the real programs' (klog for cert-manager, zap JSON for the Go service), timed from the
 * container's last run. A healed webhook logs a clean start. Errors read like the API server's.
 */
import type { Ref } from '@strata/core';
import { defaultLogTarget, podContainers } from '@strata/core';
import type { Manifest } from '@strata/core/fixtures';
import { DEFAULT_TAIL_LINES, describeLogsError, KubeApiError } from '@strata/kube';
import type { LogsOptions, LogsResult } from '../app/data-source.ts';
import { record } from './demo-objects.ts';

/** A run of a container: when it started, and whether (and when) it crashed. */
interface Run {
  readonly startedMs: number;
  readonly crashed: boolean;
}

function pad(value: number, size = 2): string {
  return String(value).padStart(size, '0');
}

/** klog's header: `E1122 09:57:24.120417       1 server.go:227] `. */
function klog(level: 'I' | 'W' | 'E', ms: number, file: string, text: string): string {
  const d = new Date(ms);
  const micros = pad(d.getUTCMilliseconds(), 3) + pad((ms * 7) % 1000, 3);
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros}       1 ${file}] ${text}`;
}

function webhookLines(run: Run): string[] {
  const t = (ms: number) => run.startedMs + ms;
  const lines = [
    klog('I', t(12), 'feature_gate.go:387', '"feature gates: {map[]}" logger="cert-manager"'),
    klog(
      'I',
      t(14),
      'webhook.go:128',
      '"using dynamic certificate generating using CA stored in Secret resource" logger="cert-manager.webhook.webhook" secret_namespace="cert-manager" secret_name="cert-manager-webhook-ca"',
    ),
    klog(
      'I',
      t(21),
      'dynamic_source.go:172',
      '"CA Secret not found, creating a new CA" logger="cert-manager.webhook.webhook.dynamic-source" secret="cert-manager/cert-manager-webhook-ca" err="secrets \\"cert-manager-webhook-ca\\" not found"',
    ),
    klog(
      'I',
      t(33),
      'server.go:199',
      '"listening for insecure healthz connections" logger="cert-manager.webhook" address=":6080"',
    ),
    // The crashed run asks for the kubelet's port; the healed one was moved off it.
    klog(
      'I',
      t(35),
      'server.go:213',
      `"listening for secure connections" logger="cert-manager.webhook" address=":${run.crashed ? 10250 : 10260}"`,
    ),
  ];
  if (!run.crashed) {
    return [
      ...lines,
      klog(
        'I',
        t(61),
        'dynamic_source.go:255',
        '"Updated cert-manager TLS certificate" logger="cert-manager.webhook.webhook.dynamic-source" DNSNames=["cert-manager-webhook","cert-manager-webhook.cert-manager","cert-manager-webhook.cert-manager.svc"]',
      ),
    ];
  }
  return [
    ...lines,
    klog(
      'E',
      t(36),
      'server.go:227',
      '"failed to listen on secure address" err="listen tcp :10250: bind: address already in use" logger="cert-manager.webhook" address=":10250"',
    ),
    klog(
      'E',
      t(37),
      'main.go:43',
      '"error executing command" err="error running server: listen tcp :10250: bind: address already in use" logger="cert-manager"',
    ),
  ];
}

function zap(ms: number, level: string, msg: string, fields: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ level, ts: new Date(ms).toISOString(), caller: 'cmd/main.go:57', msg, ...fields });
}

function paymentsLines(run: Run): string[] {
  const t = (ms: number) => run.startedMs + ms;
  const auth = 'pq: password authentication failed for user "payments"';
  const lines = [
    zap(t(3), 'info', 'starting payments-api', { version: '4.2.0', commit: '9f3c2e1', go: 'go1.25.4' }),
    zap(t(5), 'info', 'loading configuration', { path: '/etc/payments/config.yaml' }),
    zap(t(8), 'info', 'connecting to database', {
      host: 'payments-db.team-a.svc:5432',
      database: 'payments',
    }),
  ];
  if (!run.crashed) return [...lines, zap(t(40), 'info', 'listening', { addr: ':8080' })];
  return [
    ...lines,
    zap(t(260), 'warn', 'database not reachable, retrying', { attempt: 1, error: auth, backoff: '250ms' }),
    zap(t(770), 'warn', 'database not reachable, retrying', { attempt: 2, error: auth, backoff: '500ms' }),
    zap(t(1520), 'error', 'database connection failed', { attempt: 3, error: auth }),
    zap(t(1521), 'fatal', 'cannot start without a database', {
      error: `connect to payments-db.team-a.svc:5432: ${auth}`,
      stacktrace: 'main.main\n\t/src/cmd/main.go:88\nruntime.main\n\t/usr/local/go/src/runtime/proc.go:283',
    }),
  ];
}

function genericLines(container: string, run: Run): string[] {
  const t = (ms: number) => new Date(run.startedMs + ms).toISOString();
  return run.crashed
    ? [`${t(5)} starting ${container}`, `${t(90)} fatal: exiting with status 1`]
    : [`${t(5)} starting ${container}`, `${t(40)} ready`];
}

function linesFor(container: string, run: Run): string[] {
  if (container === 'cert-manager-webhook') return webhookLines(run);
  if (container === 'payments-api') return paymentsLines(run);
  return genericLines(container, run);
}

function time(value: unknown, fallback: number): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

function statusOfContainer(pod: Manifest, name: string): Record<string, unknown> {
  const status = record(pod.status);
  const all = [
    ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : []),
    ...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []),
  ].map(record);
  return all.find((s) => s.name === name) ?? {};
}

function serverError(ref: Ref, options: LogsOptions, status: number, message: string): string {
  return describeLogsError(
    new KubeApiError(status, { kind: 'Status', message, code: status }, 'GET logs'),
    ref,
    options,
  );
}

/** The last lines of a container of the demo Pod `pod` (undefined: not found), at demo time `nowMs`. */
export function demoLogs(
  pod: Manifest | undefined,
  ref: Ref,
  options: LogsOptions,
  nowMs: number,
): LogsResult {
  if (ref.kind !== 'Pod')
    return { ok: false, error: `logs are read from Pods; ${ref.kind}/${ref.name} is not one` };
  if (pod === undefined)
    return { ok: false, error: serverError(ref, options, 404, `pods "${ref.name}" not found`) };
  const containers = podContainers(pod);
  if (options.container !== undefined && !containers.some((c) => c.name === options.container)) {
    return {
      ok: false,
      error: serverError(
        ref,
        options,
        400,
        `container ${options.container} is not valid for pod ${ref.name}`,
      ),
      container: options.container,
    };
  }
  const target = defaultLogTarget(pod, options.container);
  const container = target.container ?? '';
  const previous = options.previous ?? target.previous;
  const status = statusOfContainer(pod, container);
  const restarts = typeof status.restartCount === 'number' ? status.restartCount : 0;
  if (previous && restarts === 0) {
    return {
      ok: false,
      error: serverError(
        ref,
        { ...options, container },
        400,
        `previous terminated container "${container}" in pod "${ref.name}" not found`,
      ),
      container,
      previous,
    };
  }
  const running = record(record(status.state).running);
  const last = record(record(status.lastState).terminated);
  // The previous instance is the last one that terminated; the current one is running, or (in a
  // crash loop, waiting to restart) the one that just exited, whose output the kubelet still has.
  const run: Run =
    !previous && running.startedAt !== undefined
      ? { startedMs: time(running.startedAt, nowMs - 60_000), crashed: false }
      : { startedMs: time(last.startedAt, nowMs - 60_000), crashed: true };
  const lines = linesFor(container, run);
  const tail = Math.max(0, options.tailLines ?? DEFAULT_TAIL_LINES);
  return { ok: true, lines: lines.slice(Math.max(0, lines.length - tail)), container, previous };
}
