import { Router } from '@kinvolk/headlamp-plugin/lib';
import { Box, Button, Checkbox, FormControlLabel, Typography } from '@mui/material';
import type { State } from '@strata/core';
import { type MouseEvent, useEffect, useMemo, useRef, useState, type WheelEvent } from 'react';
import { useHistory } from 'react-router-dom';
import { type Layout, layoutGraph, NODE_HEIGHT } from '../layout.ts';
import { GRAPH_EDGE_TYPES, type GraphNodeView, graphView, type Picture } from '../picture.ts';
import { routeOf } from './ObjectLink.tsx';

const FILL: Record<State, string> = {
  ready: '#e8f5e9',
  suspended: '#eceff1',
  progressing: '#fff8e1',
  unknown: '#f5f5f5',
  failing: '#ffebee',
  missing: '#fce4ec',
  cycle: '#ffebee',
};
const STROKE: Record<State, string> = {
  ready: '#2e7d32',
  suspended: '#607d8b',
  progressing: '#f9a825',
  unknown: '#9e9e9e',
  failing: '#c62828',
  missing: '#ad1457',
  cycle: '#c62828',
};
const HEIGHT = 680;
const TOOL_BAR = { flux: '#326ce5', argo: '#ef7b4d' } as const;

interface View {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

export function DependencyGraph({
  picture,
  onOpen,
}: {
  picture: Picture;
  onOpen?: (node: GraphNodeView) => void;
}) {
  // Controller edges (every object → its controller) are off at first: they crowd the picture.
  const [types, setTypes] = useState<ReadonlySet<string>>(
    () => new Set(GRAPH_EDGE_TYPES.filter((t) => t !== 'controller')),
  );
  const svg = useRef<SVGSVGElement>(null);
  const view = useMemo(() => graphView(picture, types), [picture, types]);
  const layout: Layout = useMemo(() => layoutGraph(view), [view]);
  const [zoom, setZoom] = useState<View>({ x: 20, y: 20, k: 1 });
  const drag = useRef<{ x: number; y: number; view: View } | undefined>(undefined);
  const history = useHistory();

  const open = (node: GraphNodeView) => {
    if (onOpen !== undefined) return onOpen(node);
    const route = routeOf(node.ref);
    if (route !== undefined) history.push(Router.createRouteURL(route.routeName, route.params));
  };
  const onWheel = (e: WheelEvent) => {
    const k = Math.min(3, Math.max(0.2, zoom.k * (e.deltaY < 0 ? 1.1 : 1 / 1.1)));
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    setZoom({ k, x: px - ((px - zoom.x) * k) / zoom.k, y: py - ((py - zoom.y) * k) / zoom.k });
  };
  const onDown = (e: MouseEvent) => {
    drag.current = { x: e.clientX, y: e.clientY, view: zoom };
  };
  const onMove = (e: MouseEvent) => {
    const d = drag.current;
    if (d !== undefined) setZoom({ ...d.view, x: d.view.x + e.clientX - d.x, y: d.view.y + e.clientY - d.y });
  };
  const fit = () => {
    const width = svg.current?.clientWidth || 1100;
    const k = Math.min(
      1,
      (width - 20) / Math.max(layout.width, 1),
      (HEIGHT - 20) / Math.max(layout.height, 1),
    );
    setZoom({ x: 10, y: 10, k });
  };
  // Start with the whole graph in view.
  useEffect(fit, [layout]);
  const toggle = (t: string) =>
    setTypes((prev) => {
      const next = new Set(prev);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });

  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mb: 1 }}>
        {GRAPH_EDGE_TYPES.map((t) => (
          <FormControlLabel
            key={t}
            control={<Checkbox size="small" checked={types.has(t)} onChange={() => toggle(t)} />}
            label={t}
          />
        ))}
        <Button
          size="small"
          variant="outlined"
          onClick={() => setZoom({ ...zoom, k: Math.min(3, zoom.k * 1.2) })}
        >
          Zoom in
        </Button>
        <Button
          size="small"
          variant="outlined"
          onClick={() => setZoom({ ...zoom, k: Math.max(0.2, zoom.k / 1.2) })}
        >
          Zoom out
        </Button>
        <Button size="small" variant="outlined" onClick={fit}>
          Fit
        </Button>
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Arrows run from what is needed to what needs it; red arrows are failing paths, dashed purple ones
        cross between Flux and Argo CD; thick borders are root causes. Scroll to zoom, drag to pan, click a
        node to open it.
      </Typography>
      <svg
        role="img"
        aria-label="GitOps dependency graph"
        data-testid="dependency-graph"
        width="100%"
        ref={svg}
        height={HEIGHT}
        style={{ border: '1px solid #ddd', background: '#fff', cursor: 'grab', userSelect: 'none' }}
        onWheel={onWheel}
        onMouseDown={onDown}
        onMouseMove={onMove}
        onMouseUp={() => {
          drag.current = undefined;
        }}
        onMouseLeave={() => {
          drag.current = undefined;
        }}
      >
        <defs>
          <marker
            id="strata-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#888" />
          </marker>
          <marker
            id="strata-arrow-bad"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#c62828" />
          </marker>
        </defs>
        {
          <g transform={`translate(${zoom.x},${zoom.y}) scale(${zoom.k})`}>
            {view.edges.map((e) => {
              const placed = layout.edges.get(e.id);
              if (placed === undefined) return null;
              const d = placed.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
              const color = e.failing ? '#c62828' : e.crossLayer ? '#7b1fa2' : '#999';
              return (
                <path
                  key={e.id}
                  d={d}
                  data-edge-type={e.type}
                  data-failing={e.failing ? 'true' : undefined}
                  fill="none"
                  stroke={color}
                  strokeWidth={e.failing ? 2.5 : e.crossLayer ? 2 : 1.2}
                  strokeDasharray={e.crossLayer ? '6 4' : undefined}
                  markerEnd={e.failing ? 'url(#strata-arrow-bad)' : 'url(#strata-arrow)'}
                >
                  <title>{e.type}</title>
                </path>
              );
            })}
            {view.nodes.map((n) => {
              const p = layout.nodes.get(n.id);
              if (p === undefined) return null;
              return (
                // biome-ignore lint/a11y/useSemanticElements: an SVG group is the node
                <g
                  key={n.id}
                  data-testid="graph-node"
                  data-key={n.id}
                  data-state={n.state}
                  role="button"
                  tabIndex={0}
                  transform={`translate(${p.x},${p.y})`}
                  style={{ cursor: 'pointer' }}
                  onClick={() => open(n)}
                  onKeyDown={(ev) => {
                    if (ev.key === 'Enter') open(n);
                  }}
                >
                  <title>{`${n.ref.kind}/${n.ref.namespace ?? ''}/${n.ref.name}: ${n.state}${n.reason === undefined ? '' : ` (${n.reason})`}`}</title>
                  <rect
                    width={p.width}
                    height={NODE_HEIGHT}
                    rx={6}
                    fill={FILL[n.state]}
                    stroke={STROKE[n.state]}
                    strokeWidth={n.isRoot ? 3.5 : 1.2}
                  />
                  {n.tool === undefined ? null : (
                    <rect width={5} height={NODE_HEIGHT} rx={2} fill={TOOL_BAR[n.tool]} />
                  )}
                  <text x={12} y={17} fontSize={12} fontWeight={n.isRoot ? 700 : 500} fill="#222">
                    {n.label}
                  </text>
                  <text x={12} y={33} fontSize={11} fill="#555">
                    {n.ref.namespace ?? ''} · {n.state}
                  </text>
                </g>
              );
            })}
          </g>
        }
      </svg>
    </Box>
  );
}
