import { ApiProxy, CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Box, Button, Checkbox, FormControlLabel, Radio, RadioGroup, Typography } from '@mui/material';
import {
  type ActionName,
  type ActionRequest,
  type ActionResponse,
  type ActionResult,
  type ActionSpec,
  type ActionVariant,
  actionSwitches,
  actionTargetOf,
  actionTransportFailure,
  actionVariants,
  availableActions,
  beginAction,
  formatRef,
  gitOpsKindNamed,
  gitOpsKindOf,
  makeRef,
  nextActionStep,
  planAction,
  type Ref,
  readKubeObject,
} from '@strata/core';
import { useSnackbar } from 'notistack';
import { useEffect, useState } from 'react';
import { useClusterData } from '../cluster-data.ts';
import { relationsOf } from '../picture.ts';
import { useResourceCluster } from './Details.tsx';

const LABEL: Record<ActionName, string> = {
  reconcile: 'Reconcile',
  suspend: 'Suspend',
  resume: 'Resume',
  refresh: 'Refresh',
  sync: 'Sync',
};

/** Who started a sync when the server cannot say (no SelfSubjectReview): this tool. */
const UNKNOWN_USER = 'headlamp';

/** The parts of Headlamp's KubeObject the actions use. */
export interface ActionItem {
  readonly jsonData: unknown;
  readonly cluster?: string;
  getAuthorization(verb: string): Promise<{ status?: { allowed?: boolean } }>;
}

/**
 * One request of core's action protocol through Headlamp's API proxy. ApiProxy throws on a
 * non-2xx answer with the status and `"<statusText> - <Status.message>"`: that is turned back
 * into the answer the protocol reads. No status at all is a transport failure.
 */
export async function sendThroughApiProxy(
  request: ActionRequest,
  cluster: string | undefined,
): Promise<ActionResponse> {
  try {
    const body: unknown = await ApiProxy.request(request.path, {
      method: request.method,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(request.contentType === undefined ? {} : { headers: { 'Content-Type': request.contentType } }),
      ...(cluster === undefined ? {} : { cluster }),
    });
    return { status: 200, body };
  } catch (error) {
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status !== 'number') throw error;
    const text = error instanceof Error ? error.message : String(error);
    const dash = text.indexOf(' - ');
    return { status, body: { message: dash >= 0 ? text.slice(dash + 3) : text } };
  }
}

/** Runs core's protocol (read, plan, patch, re-plan on 409) with ApiProxy as the transport. */
export async function runThroughApiProxy(
  spec: ActionSpec,
  cluster: string | undefined,
): Promise<ActionResult> {
  let step = beginAction(spec);
  while (!step.done) {
    let response: ActionResponse;
    try {
      response = await sendThroughApiProxy(step.request, cluster);
    } catch (error) {
      return actionTransportFailure(step.run, error instanceof Error ? error.message : String(error));
    }
    step = nextActionStep(step.run, response);
  }
  return step.result;
}

/** The user the API server knows (a SelfSubjectReview, as `kubectl auth whoami`). */
export async function currentUser(cluster: string | undefined): Promise<string> {
  try {
    const review = (await ApiProxy.request('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
      headers: { 'Content-Type': 'application/json' },
      ...(cluster === undefined ? {} : { cluster }),
    })) as { status?: { userInfo?: { username?: unknown } } } | undefined;
    const name = review?.status?.userInfo?.username;
    return typeof name === 'string' && name !== '' ? name : UNKNOWN_USER;
  } catch {
    return UNKNOWN_USER;
  }
}

/** What the user confirmed: the object (its ref and uid), the action and how to run it. */
export interface ConfirmedAction {
  readonly action: ActionName;
  readonly object: unknown;
  readonly variant: ActionVariant;
  readonly switches: { readonly prune?: boolean; readonly dryRun?: boolean };
}

/**
 * Runs a confirmed action: on the object the dialog named (its uid), as the user the server
 * knows; with source: the source first (its newest API version), as `flux reconcile --with-source`.
 */
export async function runConfirmed(
  confirmed: ConfirmedAction,
  cluster: string | undefined,
): Promise<ActionResult> {
  const { action, object, variant, switches } = confirmed;
  const read = readKubeObject(object);
  const kind = read === undefined ? undefined : gitOpsKindOf(read.group, read.kind);
  const target = kind === undefined ? undefined : actionTargetOf(object, kind.plural);
  if (read === undefined || target === undefined) {
    const plan = planAction(action, object, { at: new Date().toISOString() });
    return {
      ok: false,
      action,
      refused: true,
      reason: plan.ok ? 'not an object strata acts on' : plan.reason,
    };
  }
  const user = await currentUser(cluster);
  if (variant.source !== undefined) {
    const sourceKind = gitOpsKindNamed(variant.source.kind);
    if (sourceKind === undefined || variant.source.namespace === undefined) {
      return { ok: false, action, refused: true, reason: `cannot reconcile ${formatRef(variant.source)}` };
    }
    const sourced = await runThroughApiProxy(
      {
        action: 'reconcile',
        target: {
          group: sourceKind.group,
          version: sourceKind.versions[0] ?? 'v1',
          kind: sourceKind.kind,
          resource: sourceKind.plural,
          namespace: variant.source.namespace,
          name: variant.source.name,
        },
        options: { at: new Date().toISOString(), user },
      },
      cluster,
    );
    if (!sourced.ok) {
      const why = sourced.refused ? sourced.reason : sourced.error;
      return { ok: false, action, refused: false, error: `its source first: ${why}` };
    }
  }
  return runThroughApiProxy(
    {
      action,
      target,
      options: { at: new Date().toISOString(), user, ...variant.options, ...switches },
      expectUid: read.uid,
    },
    cluster,
  );
}

/** The object's source (its `source` edge), for reconcile with source. */
function useSourceOf(ref: Ref | undefined, cluster: string | undefined): Ref | undefined {
  const data = useClusterData(cluster);
  if (ref === undefined || data.picture === undefined) return undefined;
  return relationsOf(data.picture, ref).upstream.find((r) => r.type === 'source')?.ref;
}

/**
 * Header actions of a Flux or Argo CD object: reconcile (plain, with its source, reset, force),
 * suspend/resume, refresh (normal, hard), sync (prune, dry run), each after a confirmation that
 * names the object; shown only when RBAC lets the user patch it (Headlamp's own authorization
 * check), disabled with core's reason when they do not apply. Results are Headlamp's snackbars.
 */
export function StrataActions({ item }: { item: ActionItem | null | undefined }) {
  const [allowed, setAllowed] = useState<boolean | undefined>(undefined);
  const [open, setOpen] = useState<{ action: ActionName; object: unknown } | undefined>(undefined);
  const [variantId, setVariantId] = useState<string>('plain');
  const [switches, setSwitches] = useState<{ prune?: boolean; dryRun?: boolean }>({});
  const { enqueueSnackbar, closeSnackbar } = useSnackbar();
  const cluster = useResourceCluster(item);
  const object = item?.jsonData;
  const read = readKubeObject(object);
  const ref = read === undefined ? undefined : makeRef(read.kind, read.namespace, read.name);
  const source = useSourceOf(ref, cluster);
  const actions = item === null || item === undefined ? [] : availableActions(object);
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
  if (item === null || item === undefined || actions.length === 0 || allowed !== true || ref === undefined)
    return null;
  const label = formatRef(ref);
  // The dialog is bound to the object as it was when opened: its uid goes with the request.
  const at = new Date().toISOString();
  const variants = open === undefined ? [] : actionVariants(open.action, open.object, { at, source });
  const variant = variants.find((v) => v.id === variantId) ?? variants[0];
  const plan =
    open === undefined || variant === undefined
      ? undefined
      : planAction(open.action, open.object, { at, ...variant.options, ...switches });

  const confirm = () => {
    const chosen = open;
    setOpen(undefined);
    if (chosen === undefined || variant === undefined) return;
    const name = `${LABEL[chosen.action]} ${label}`;
    // The result replaces the "sending" note: one snackbar per action at a time.
    const sending = enqueueSnackbar(`${name}: sending…`, { variant: 'info', persist: true });
    const report = (text: string, variant: 'success' | 'error') => {
      closeSnackbar(sending);
      enqueueSnackbar(text, { variant });
    };
    runConfirmed({ action: chosen.action, object: chosen.object, variant, switches }, cluster).then(
      (result) => {
        if (result.ok) report(result.summary, 'success');
        else report(`${name}: ${result.refused ? result.reason : result.error}`, 'error');
      },
      (error: unknown) =>
        report(`${name}: ${error instanceof Error ? error.message : String(error)}`, 'error'),
    );
  };

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
          onClick={() => {
            setVariantId('plain');
            setSwitches({});
            setOpen({ action: a.action, object });
          }}
        >
          {LABEL[a.action]}
        </Button>
      ))}
      <CommonComponents.ConfirmDialog
        open={open !== undefined}
        title={open === undefined ? '' : `${LABEL[open.action]} ${label}?`}
        confirmLabel={open === undefined ? 'Yes' : LABEL[open.action]}
        cancelLabel="Cancel"
        description={
          <Box data-testid="strata-action-dialog">
            {variants.length > 1 ? (
              <RadioGroup value={variant?.id ?? 'plain'} onChange={(e) => setVariantId(e.target.value)}>
                {variants.map((v) => (
                  <FormControlLabel
                    key={v.id}
                    value={v.id}
                    control={<Radio size="small" />}
                    label={
                      <>
                        {v.source === undefined ? v.label : `${v.label} (${formatRef(v.source)} first)`}
                        {v.hint === undefined ? null : (
                          <Typography component="span" variant="body2" color="warning.main" sx={{ ml: 1 }}>
                            {v.hint}
                          </Typography>
                        )}
                      </>
                    }
                  />
                ))}
              </RadioGroup>
            ) : null}
            {open === undefined
              ? null
              : actionSwitches(open.action).map((s) => (
                  <FormControlLabel
                    key={s.option}
                    control={
                      <Checkbox
                        size="small"
                        checked={switches[s.option] === true}
                        onChange={(e) => setSwitches({ ...switches, [s.option]: e.target.checked })}
                      />
                    }
                    label={s.label}
                  />
                ))}
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="strata-action-summary">
              {plan === undefined ? '' : plan.ok ? plan.summary : plan.reason}
            </Typography>
          </Box>
        }
        handleClose={() => setOpen(undefined)}
        onConfirm={confirm}
      />
    </>
  );
}
