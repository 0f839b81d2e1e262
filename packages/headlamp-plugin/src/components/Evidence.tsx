import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import type { ReportEvidence } from '@strata/core';
import { ObjectLink, StateLabel } from './ObjectLink.tsx';

/**
 * §7 evidence: the Kubernetes objects inside a root that are not healthy (Deployments,
 * ReplicaSets, Pods and their warning events), each linking to Headlamp's own page for it.
 */
export function EvidenceTable({
  evidence,
  cluster,
}: {
  evidence: readonly ReportEvidence[];
  cluster?: string;
}) {
  const c = cluster === undefined ? {} : { cluster };
  return (
    <CommonComponents.SimpleTable
      data={[...evidence]}
      columns={[
        {
          label: 'Object',
          getter: (e: ReportEvidence) => (
            <span data-testid="evidence">
              <ObjectLink
                refTo={{
                  kind: e.kind,
                  name: e.name,
                  ...(e.namespace === undefined ? {} : { namespace: e.namespace }),
                }}
                {...c}
              />
            </span>
          ),
        },
        { label: 'State', getter: (e: ReportEvidence) => <StateLabel state={e.state} /> },
        { label: 'Reason', getter: (e: ReportEvidence) => e.reason ?? '' },
        {
          label: 'Message',
          getter: (e: ReportEvidence) =>
            [e.message, ...(e.events ?? []).map((ev) => `⚠ ${ev.reason ?? ''}: ${ev.message ?? ''}`)]
              .filter(Boolean)
              .join('\n'),
        },
      ]}
    />
  );
}
