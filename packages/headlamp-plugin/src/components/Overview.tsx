import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Box, Card, CardContent, Typography } from '@mui/material';
import type { LayerSummary, Tool } from '@strata/core';
import { type CrossLayerEdge, crossLayerEdges, namespaceRows, type Picture, TOOL_LABEL } from '../picture.ts';
import { ObjectLink } from './ObjectLink.tsx';

function LayerCard({ title, summary, served }: { title: string; summary: LayerSummary; served: boolean }) {
  return (
    <Card variant="outlined" sx={{ minWidth: 240, flex: 1 }} data-testid={`layer-${title}`}>
      <CardContent>
        <Typography variant="h6">{title}</Typography>
        {served ? (
          <Typography component="div">
            <div>{summary.total} objects</div>
            <div>{summary.ready} ready</div>
            <div style={{ color: summary.notReady > 0 ? '#c62828' : undefined }}>
              {summary.notReady} not ready
            </div>
            <div>{summary.suspended} suspended</div>
          </Typography>
        ) : (
          <Typography color="text.secondary">not installed on this cluster</Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** The boundary's two directions, each under its own heading. */
const DIRECTIONS: readonly (readonly [Tool, Tool])[] = [
  ['flux', 'argo'],
  ['argo', 'flux'],
];

export function Overview({ picture, cluster }: { picture: Picture; cluster?: string }) {
  const { summary, rootCauses } = picture.report;
  const boundary = crossLayerEdges(picture);
  const namespaces = namespaceRows(picture).filter((n) => n.flux + n.argo > 0 || n.layer !== 'unmanaged');
  const link = (r: Parameters<typeof ObjectLink>[0]['refTo']) => (
    <ObjectLink refTo={r} {...(cluster === undefined ? {} : { cluster })} />
  );
  return (
    <>
      <CommonComponents.SectionBox title="GitOps layers">
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'stretch' }}>
          <LayerCard title="Flux (platform)" summary={summary.flux} served={picture.served.flux} />
          <Box sx={{ alignSelf: 'center', fontSize: 28 }} aria-label="Flux installs Argo CD">
            →
          </Box>
          <LayerCard title="Argo CD (applications)" summary={summary.argo} served={picture.served.argo} />
          <Card variant="outlined" sx={{ minWidth: 200, flex: 1 }}>
            <CardContent>
              <Typography variant="h6">Root causes</Typography>
              <Typography variant="h3" data-testid="root-cause-count">
                {rootCauses.length}
              </Typography>
            </CardContent>
          </Card>
        </Box>
      </CommonComponents.SectionBox>
      <CommonComponents.SectionBox title="The boundary between the layers">
        {boundary.length === 0 ? (
          <Typography>No edge crosses between the layers.</Typography>
        ) : (
          DIRECTIONS.map(([fromTool, toTool]) => {
            const rows = boundary.filter((e) => e.fromTool === fromTool && e.toTool === toTool);
            const title = `${TOOL_LABEL[fromTool]} → ${TOOL_LABEL[toTool]}`;
            return (
              <Box key={title} sx={{ mb: 2 }} data-testid={`boundary-${fromTool}-${toTool}`}>
                <Typography variant="h6">{title}</Typography>
                <CommonComponents.SimpleTable
                  data={rows}
                  emptyMessage={`No ${TOOL_LABEL[fromTool]} object acts on ${TOOL_LABEL[toTool]}.`}
                  columns={[
                    { label: TOOL_LABEL[fromTool], getter: (e: CrossLayerEdge) => link(e.from) },
                    { label: 'Edge', getter: (e: CrossLayerEdge) => e.type },
                    { label: TOOL_LABEL[toTool], getter: (e: CrossLayerEdge) => link(e.to) },
                  ]}
                />
              </Box>
            );
          })
        )}
      </CommonComponents.SectionBox>
      <CommonComponents.SectionBox title="Namespaces by owning tool">
        <CommonComponents.SimpleTable
          data={namespaces}
          columns={[
            {
              label: 'Namespace',
              getter: (n: (typeof namespaces)[number]) => link({ kind: 'Namespace', name: n.namespace }),
            },
            { label: 'Owned by', getter: (n: (typeof namespaces)[number]) => n.layer },
            {
              label: 'Managers',
              getter: (n: (typeof namespaces)[number]) =>
                n.managers.map((m) => `${m.kind}/${m.name}`).join(', '),
            },
            { label: 'Flux objects', getter: (n: (typeof namespaces)[number]) => n.flux },
            { label: 'Argo CD objects', getter: (n: (typeof namespaces)[number]) => n.argo },
            { label: 'Not ready', getter: (n: (typeof namespaces)[number]) => n.notReady },
          ]}
        />
      </CommonComponents.SectionBox>
    </>
  );
}
