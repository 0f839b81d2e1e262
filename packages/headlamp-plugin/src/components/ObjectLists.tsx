import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import type { ReportObject, Tool } from '@strata/core';
import { objectsOf, type Picture, refKey, TOOL_LABEL } from '../picture.ts';
import { NotReadySince, ObjectLink, StateLabel } from './ObjectLink.tsx';

/** Flux objects or Argo CD applications with state, reason and root cause. */
export function ObjectList({ picture, tool, cluster }: { picture: Picture; tool: Tool; cluster?: string }) {
  const c = cluster === undefined ? {} : { cluster };
  const rows = objectsOf(picture, tool);
  const rootStates = new Map(picture.report.rootCauses.map((r) => [refKey(r.ref), r.state]));
  return (
    <CommonComponents.SectionBox title={tool === 'flux' ? 'Flux objects' : 'Argo CD applications'}>
      {picture.served[tool] ? null : <p>{TOOL_LABEL[tool]} is not installed on this cluster.</p>}
      <CommonComponents.SimpleTable
        data={rows}
        columns={[
          { label: 'Kind', getter: (o: ReportObject) => o.ref.kind },
          { label: 'Namespace', getter: (o: ReportObject) => o.ref.namespace ?? '' },
          {
            label: 'Name',
            getter: (o: ReportObject) => <ObjectLink refTo={o.ref} text={o.ref.name} {...c} />,
          },
          { label: 'State', getter: (o: ReportObject) => <StateLabel state={o.state} /> },
          {
            label: 'Not ready for',
            getter: (o: ReportObject) => (o.since === undefined ? '' : <NotReadySince since={o.since} />),
          },
          { label: 'Reason', getter: (o: ReportObject) => o.reason ?? '' },
          {
            label: 'Root cause',
            getter: (o: ReportObject) =>
              o.rootCauses.map((r) => (
                <div key={`${r.kind}/${r.namespace}/${r.name}`}>
                  <ObjectLink refTo={r} state={rootStates.get(refKey(r))} {...c} />
                </div>
              )),
          },
        ]}
      />
    </CommonComponents.SectionBox>
  );
}
