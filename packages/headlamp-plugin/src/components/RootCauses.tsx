import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Accordion, AccordionDetails, AccordionSummary, Box, Typography } from '@mui/material';
import { isNotReady, type ReportRootCause } from '@strata/core';
import { blockedTree, type ChainNode, formatRef, type Picture, refKey } from '../picture.ts';
import { EvidenceTable } from './Evidence.tsx';
import { NotReadySince, ObjectLink, StateLabel } from './ObjectLink.tsx';

function Chain({ nodes, cluster, depth }: { nodes: readonly ChainNode[]; cluster?: string; depth: number }) {
  if (nodes.length === 0) return null;
  return (
    <Box component="ul" sx={{ pl: depth === 0 ? 0 : 3, listStyle: 'none', m: 0 }}>
      {nodes.map((n) => (
        <li key={refKey(n.ref)} data-testid="blocked">
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', py: 0.25 }}>
            <Typography component="span" color="text.secondary" sx={{ minWidth: 90 }}>
              {depth > 0 ? '└ ' : ''}
              {n.via}
            </Typography>
            <ObjectLink refTo={n.ref} state={n.state} {...(cluster === undefined ? {} : { cluster })} />
            <StateLabel state={n.state} />
            {n.reason === undefined ? null : <code>{n.reason}</code>}
          </Box>
          <Chain nodes={n.children} depth={depth + 1} {...(cluster === undefined ? {} : { cluster })} />
        </li>
      ))}
    </Box>
  );
}

function RootCause({
  root,
  rank,
  picture,
  cluster,
  expanded,
}: {
  root: ReportRootCause;
  rank: number;
  picture: Picture;
  cluster?: string;
  expanded: boolean;
}) {
  const c = cluster === undefined ? {} : { cluster };
  return (
    <Accordion defaultExpanded={expanded} data-testid="root-cause" disableGutters>
      <AccordionSummary expandIcon={<span aria-hidden>▾</span>}>
        <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography sx={{ fontWeight: 700 }}>{rank}.</Typography>
          <Typography sx={{ fontWeight: 600 }} data-testid="root-cause-ref">
            {formatRef(root.ref)}
          </Typography>
          <StateLabel state={root.state} />
          {root.reason === undefined ? null : <code>{root.reason}</code>}
          <Typography color={root.impacted.length > 0 ? 'error' : 'text.secondary'}>
            blocks {root.impacted.length}
          </Typography>
        </Box>
      </AccordionSummary>
      <AccordionDetails>
        <Box sx={{ mb: 1 }}>
          {root.state === 'missing' ? (
            <Typography component="span" color="error" data-testid="missing-root">
              {formatRef(root.ref)} does not exist in the cluster: there is no page to open.
            </Typography>
          ) : (
            <ObjectLink refTo={root.ref} text="Open in Headlamp" {...c} />
          )}
          {root.since === undefined ? null : (
            <Typography component="span" color="text.secondary" sx={{ ml: 2 }} data-testid="root-since">
              not ready for <NotReadySince since={root.since} />
            </Typography>
          )}
        </Box>
        {root.message === undefined ? null : (
          <Typography sx={{ fontFamily: 'monospace', whiteSpace: 'pre-wrap', mb: 1 }}>
            {root.message}
          </Typography>
        )}
        {root.members.length > 0 ? (
          <Typography>cycle of {root.members.map((m) => formatRef(m)).join(', ')}</Typography>
        ) : null}
        {root.impacted.length > 0 ? (
          <>
            <Typography variant="subtitle2" sx={{ mt: 1 }}>
              Blocks {root.impacted.length}, each under what holds it back
            </Typography>
            <Chain nodes={blockedTree(picture, root)} depth={0} {...c} />
          </>
        ) : null}
        {root.evidence.length > 0 ? (
          <>
            <Typography variant="subtitle2" sx={{ mt: 1 }}>
              Evidence: the Kubernetes objects inside it that are not healthy
            </Typography>
            <EvidenceTable evidence={root.evidence} {...c} />
          </>
        ) : null}
      </AccordionDetails>
    </Accordion>
  );
}

export function RootCauses({ picture, cluster }: { picture: Picture; cluster?: string }) {
  const { rootCauses, objects } = picture.report;
  const notReady = objects.filter(isNotReady).length;
  return (
    <CommonComponents.SectionBox title="Root causes">
      <Typography sx={{ mb: 2 }}>
        {notReady} of {objects.length} not ready, {rootCauses.length} root cause
        {rootCauses.length === 1 ? '' : 's'}, ranked by blast radius.
      </Typography>
      {rootCauses.length === 0 ? <Typography>Everything is ready.</Typography> : null}
      {rootCauses.map((root, i) => (
        <RootCause
          key={refKey(root.ref)}
          root={root}
          rank={i + 1}
          picture={picture}
          expanded={i === 0}
          {...(cluster === undefined ? {} : { cluster })}
        />
      ))}
    </CommonComponents.SectionBox>
  );
}
