import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Box, Typography } from '@mui/material';
import { gitOpsKindNamed, managerChain, type Ref, rootCauseOf } from '@strata/core';
import { formatRef, isBad, type Picture, refKey, relationsOf } from '../picture.ts';
import { EvidenceTable } from './Evidence.tsx';
import { NotReadySince, ObjectLink, StateLabel } from './ObjectLink.tsx';

/** "Managed by" for any object: the manager chain (core §4) and conflicts. */
export function ManagedBy({
  picture,
  object,
  cluster,
  ownersPending = false,
}: {
  picture: Picture;
  object: unknown;
  cluster?: string;
  /** Its owners are still being read (a Pod's ReplicaSet): "not managed" would be a guess. */
  ownersPending?: boolean;
}) {
  const c = cluster === undefined ? {} : { cluster };
  const chain = managerChain(picture.view, object);
  const ownership = chain?.ownership;
  const levels = chain?.levels ?? [];
  return (
    <CommonComponents.SectionBox title="Managed by">
      <Box data-testid="managed-by">
        {(ownership === undefined || levels.length === 0) && ownersPending ? (
          <Typography color="text.secondary">Reading its owners…</Typography>
        ) : ownership === undefined || levels.length === 0 ? (
          <Typography>
            Not managed by Flux, Argo CD or Helm (layer: {ownership?.layer ?? 'unmanaged'}).
          </Typography>
        ) : (
          <>
            <Typography sx={{ mb: 1 }}>
              Layer: <b>{ownership.layer}</b>
            </Typography>
            {levels.map((level, i) => (
              <Box
                key={level.map((m) => refKey(m.ref)).join()}
                sx={{ pl: i * 3, py: 0.25 }}
                data-testid="manager"
              >
                {i === 0 ? '' : '↑ '}
                {level.map((m, j) => (
                  <span key={refKey(m.ref)}>
                    {j > 0 ? ', ' : ''}
                    {m.type === 'helm' ? `Helm release ${m.ref.name}` : <ObjectLink refTo={m.ref} {...c} />}{' '}
                    <Typography component="span" color="text.secondary">
                      (via {m.via})
                    </Typography>
                  </span>
                ))}
              </Box>
            ))}
            {ownership.conflicts.length > 0 ? (
              <Typography color="error" sx={{ mt: 1 }} data-testid="conflicts">
                ⚠ Conflict: {ownership.conflicts.join(', ')} — more than one GitOps manager claims this
                object.
              </Typography>
            ) : null}
          </>
        )}
      </Box>
    </CommonComponents.SectionBox>
  );
}

/** Upstream, downstream and root causes of a Flux or Argo CD object. */
export function GitOpsRelations({
  picture,
  refTo,
  cluster,
}: {
  picture: Picture;
  refTo: Ref;
  cluster?: string;
}) {
  const c = cluster === undefined ? {} : { cluster };
  const object = picture.byKey.get(refKey(refTo));
  if (object === undefined || gitOpsKindNamed(refTo.kind) === undefined) return null;
  const { upstream, downstream } = relationsOf(picture, refTo);
  // Core's lookup: a cycle's other members are behind the cycle root, not roots themselves.
  const asRoot = rootCauseOf(picture.report, refTo);
  const isRoot = asRoot !== undefined && refKey(asRoot.ref) === refKey(refTo);
  const roots = [...new Set(object.rootCauses.flatMap((r) => rootCauseOf(picture.report, r) ?? []))];
  // Its own §7 evidence; a blocked object shows the evidence inside the roots that block it.
  const evidence = !isBad(object)
    ? []
    : object.evidence.length > 0 || isRoot
      ? object.evidence
      : roots.flatMap((r) => r.evidence);
  const relationColumns = [
    { label: 'Edge', getter: (r: (typeof upstream)[number]) => r.type },
    {
      label: 'Object',
      getter: (r: (typeof upstream)[number]) => <ObjectLink refTo={r.ref} state={r.state} {...c} />,
    },
    { label: 'State', getter: (r: (typeof upstream)[number]) => <StateLabel state={r.state} /> },
  ];
  return (
    <CommonComponents.SectionBox title="GitOps: state, root causes, upstream and downstream">
      <Box sx={{ mb: 1, display: 'flex', gap: 1, alignItems: 'center' }} data-testid="gitops-state">
        <StateLabel state={object.state} /> {object.reason ?? ''}{' '}
        {object.since === undefined ? null : (
          <Typography component="span" color="text.secondary">
            for <NotReadySince since={object.since} />
          </Typography>
        )}
        <Typography component="span" color="text.secondary">
          {object.message ?? ''}
        </Typography>
      </Box>
      <Typography variant="subtitle2">Root causes</Typography>
      <Box sx={{ mb: 1 }} data-testid="object-root-causes">
        {object.rootCauses.length === 0
          ? 'none (ready)'
          : isRoot
            ? 'This object is itself a root cause.'
            : roots.map((r) => (
                <Box key={refKey(r.ref)} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <ObjectLink refTo={r.ref} state={r.state} {...c} />
                  <StateLabel state={r.state} />
                  {r.reason === undefined ? null : <code>{r.reason}</code>}
                </Box>
              ))}
      </Box>
      <Typography variant="subtitle2">Upstream (what it needs)</Typography>
      <Box data-testid="object-upstream">
        <CommonComponents.SimpleTable data={upstream} columns={relationColumns} emptyMessage="nothing" />
      </Box>
      <Typography variant="subtitle2">Downstream (what needs it)</Typography>
      <Box data-testid="object-downstream">
        <CommonComponents.SimpleTable data={downstream} columns={relationColumns} emptyMessage="nothing" />
      </Box>
      {evidence.length === 0 ? null : (
        <Box data-testid="object-evidence">
          <Typography variant="subtitle2" sx={{ mt: 1 }}>
            {isRoot || object.evidence.length > 0
              ? 'Evidence: the Kubernetes objects inside it that are not healthy'
              : 'Evidence inside its root causes: the Kubernetes objects that are not healthy'}
          </Typography>
          <EvidenceTable evidence={evidence} {...c} />
        </Box>
      )}
    </CommonComponents.SectionBox>
  );
}

export { formatRef };
