import { ApiProxy, CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Button } from '@mui/material';
import { type ActionName, availableActions, GITOPS_KINDS, planAction } from '@strata/core';
import { useEffect, useState } from 'react';
import { useResourceCluster } from './Details.tsx';

const LABEL: Record<ActionName, string> = {
  reconcile: 'Reconcile',
  suspend: 'Suspend',
  resume: 'Resume',
  refresh: 'Refresh',
  sync: 'Sync',
};

/** The parts of Headlamp's KubeObject the actions use. */
export interface ActionItem {
  readonly jsonData: unknown;
  readonly cluster?: string;
  getAuthorization(verb: string): Promise<{ status?: { allowed?: boolean } }>;
}

/** Sends the core's JSON merge patch through Headlamp's API proxy. */
export async function applyPlan(
  action: ActionName,
  item: ActionItem,
  cluster: string | undefined,
): Promise<string> {
  const plan = planAction(action, item.jsonData, { at: new Date().toISOString(), user: 'headlamp' });
  if (!plan.ok) throw new Error(plan.reason);
  const kind = GITOPS_KINDS.find((k) => k.kind === plan.target.kind && k.group === plan.target.group);
  const t = plan.target;
  const path = `/apis/${t.group}/${t.version}/namespaces/${t.namespace}/${kind?.plural ?? t.resource}/${t.name}`;
  await ApiProxy.request(path, {
    method: 'PATCH',
    body: JSON.stringify(plan.patch),
    headers: { 'Content-Type': 'application/merge-patch+json' },
    ...(cluster === undefined ? {} : { cluster }),
  });
  return plan.summary;
}

/**
 * Header actions of a Flux or Argo CD object: reconcile, suspend/resume, refresh, sync, each
 * after a confirmation; shown only when RBAC lets the user patch the object (Headlamp's own
 * authorization check), disabled with the core's reason when they do not apply.
 */
export function StrataActions({ item }: { item: ActionItem | null | undefined }) {
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  const [confirm, setConfirm] = useState<ActionName | undefined>(undefined);
  const [result, setResult] = useState<string | undefined>(undefined);
  const cluster = useResourceCluster(item);
  const actions = item === null || item === undefined ? [] : availableActions(item.jsonData);
  useEffect(() => {
    if (item === null || item === undefined || actions.length === 0) return;
    let live = true;
    item.getAuthorization('patch').then(
      (r) => live && setAllowed(r?.status?.allowed === true),
      () => live && setAllowed(false),
    );
    return () => {
      live = false;
    };
  }, [item, actions.length]);
  if (item === null || item === undefined || actions.length === 0 || allowed !== true) return null;
  const plan =
    confirm === undefined ? undefined : planAction(confirm, item.jsonData, { at: new Date().toISOString() });
  return (
    <>
      {actions.map((a) => (
        <Button
          key={a.action}
          size="small"
          variant="outlined"
          sx={{ mx: 0.5 }}
          disabled={!a.enabled}
          title={a.enabled ? `${LABEL[a.action]} (strata)` : a.reason}
          onClick={() => setConfirm(a.action)}
        >
          {LABEL[a.action]}
        </Button>
      ))}
      {result === undefined ? null : <span style={{ marginLeft: 8 }}>{result}</span>}
      <CommonComponents.ConfirmDialog
        open={confirm !== undefined}
        title={confirm === undefined ? '' : `${LABEL[confirm]}?`}
        description={plan?.ok === true ? plan.summary : (plan?.reason ?? '')}
        handleClose={() => setConfirm(undefined)}
        onConfirm={() => {
          const action = confirm;
          setConfirm(undefined);
          if (action === undefined) return;
          applyPlan(action, item, cluster).then(
            // The picture follows the patch through its watch.
            (summary) => setResult(`done: ${summary}`),
            (e: unknown) => setResult(`failed: ${e instanceof Error ? e.message : String(e)}`),
          );
        }}
      />
    </>
  );
}
