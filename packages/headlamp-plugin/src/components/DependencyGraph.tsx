import { Router } from '@kinvolk/headlamp-plugin/lib';
import {
  Box,
  Button,
  ButtonGroup,
  Chip,
  FormControlLabel,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { alpha, lighten, type Theme, useTheme } from '@mui/material/styles';
import { formatRef, gitOpsKindNamed, LINK_WORDS, type State } from '@strata/core';

/** Core's words for an edge type (the view carries the type as a string). */
const EDGE_WORDS: Readonly<Record<string, string>> = LINK_WORDS;

import {
  type MouseEvent,
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type WheelEvent,
} from 'react';
import { useHistory } from 'react-router-dom';
import { filterGraph, type GraphFilter, NO_FILTER, searchGraph } from '../graph-filter.ts';
import { type Layout, layoutGraph, NODE_HEIGHT, type PlacedEdge, type PlacedNode } from '../layout.ts';
import {
  GRAPH_EDGE_TYPES,
  type GraphEdgeView,
  type GraphNodeView,
  type GraphView,
  graphView,
  type Picture,
} from '../picture.ts';
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
/** The tallest the canvas grows to show a small graph at a readable scale. */
const MAX_HEIGHT = 1100;
/** Width assumed until the SVG is measured (and where nothing can be measured, as in jsdom). */
const DEFAULT_WIDTH = 1100;
const TOOL_BAR = { flux: '#326ce5', argo: '#ef7b4d' } as const;
/** Below this scale a 12 px label is under 3 px: nodes are drawn without their text. */
export const LABEL_MIN_SCALE = 0.25;
/** Up to this many nodes the graph opens at a scale where labels read well (12 px → ≥ 10 px). */
export const READABLE_MAX_NODES = 100;
export const READABLE_SCALE = 0.85;
const MAX_SCALE = 3;
const MIN_SCALE = 0.2;

const HIDE_SWITCHES = [
  ['hideReady', 'Hide ready'],
  ['hideIsolated', 'Hide isolated'],
] as const;

/** Colours of the canvas, from Headlamp's MUI theme (light or dark). */
export interface GraphColors {
  readonly canvas: string;
  readonly border: string;
  readonly text: string;
  readonly subtext: string;
  readonly edge: string;
  readonly cross: string;
  readonly bad: string;
  readonly fill: Readonly<Record<State, string>>;
  readonly stroke: Readonly<Record<State, string>>;
}

function colorsOf(theme: Theme): GraphColors {
  const dark = theme.palette.mode === 'dark';
  const stroke = dark
    ? (Object.fromEntries(Object.entries(STROKE).map(([k, v]) => [k, lighten(v, 0.35)])) as Record<
        State,
        string
      >)
    : STROKE;
  const fill = dark
    ? (Object.fromEntries(
        Object.entries(STROKE).map(([k, v]) => [k, alpha(v, k === 'ready' || k === 'unknown' ? 0.22 : 0.32)]),
      ) as Record<State, string>)
    : FILL;
  return {
    canvas: theme.palette.background.default,
    border: theme.palette.divider,
    text: theme.palette.text.primary,
    subtext: theme.palette.text.secondary,
    edge: dark ? theme.palette.grey[500] : '#999',
    cross: dark ? '#ce93d8' : '#7b1fa2',
    bad: stroke.failing,
    fill,
    stroke,
  };
}

interface View {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

/** The part of the layout drawn, in layout coordinates. */
interface Area {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The whole layout in a canvas of this size. */
function fitView(layout: Layout, width: number, height: number): View {
  const k = Math.min(1, (width - 20) / Math.max(layout.width, 1), (height - 20) / Math.max(layout.height, 1));
  return { x: 10, y: 10, k };
}

/**
 * The opening view and canvas height: the whole graph in view; a small graph (≤ 100 nodes) at
 * a readable scale instead, the canvas as tall as it then needs (up to MAX_HEIGHT), panned for
 * the rest.
 */
function openingView(layout: Layout, width: number, readable: boolean): { view: View; height: number } {
  if (!readable) return { view: fitView(layout, width, HEIGHT), height: HEIGHT };
  const k = Math.min(1, Math.max(READABLE_SCALE, (width - 20) / Math.max(layout.width, 1)));
  const height = Math.min(MAX_HEIGHT, Math.max(HEIGHT, Math.ceil(layout.height * k + 20)));
  return { view: { x: 10, y: 10, k }, height };
}

/**
 * What to draw for a view: the visible part of the layout with half a screen of margin on each
 * side, snapped to a grid of half screens so that small pans and zooms keep the same window (and
 * React does nothing); undefined when the whole layout is inside (nothing culled).
 */
function windowOf(view: View, width: number, height: number, layout: Layout): Area | undefined {
  const w = width / view.k;
  const h = height / view.k;
  const tile = Math.max(w, h) / 2;
  const snap = (v: number, up: boolean) => (up ? Math.ceil(v / tile) : Math.floor(v / tile)) * tile;
  const x0 = snap(-view.x / view.k - w / 2, false);
  const y0 = snap(-view.y / view.k - h / 2, false);
  const x1 = snap(-view.x / view.k + w * 1.5, true);
  const y1 = snap(-view.y / view.k + h * 1.5, true);
  if (x0 <= 0 && y0 <= 0 && x1 >= layout.width && y1 >= layout.height) return undefined;
  return { x0, y0, x1, y1 };
}

/**
 * Where a click on a node goes: strata's page for a Flux or Argo CD object (its route registered
 * in index.tsx), Headlamp's own page for the rest; in `cluster`, or the page's cluster.
 */
export function pageOf(node: GraphNodeView, cluster?: string): string | undefined {
  const inCluster = cluster === undefined ? {} : { cluster };
  if (
    node.tool !== undefined &&
    node.ref.namespace !== undefined &&
    gitOpsKindNamed(node.ref.kind) !== undefined
  ) {
    const url = Router.createRouteURL(`strata-object-${node.tool}`, {
      kind: node.ref.kind,
      namespace: node.ref.namespace,
      name: node.ref.name,
      ...inCluster,
    });
    if (url !== '' && url !== '/') return url;
  }
  const route = routeOf(node.ref);
  return route === undefined
    ? undefined
    : Router.createRouteURL(route.routeName, { ...route.params, ...inCluster });
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
  const [filter, setFilter] = useState<GraphFilter>(NO_FILTER);
  const [search, setSearch] = useState('');
  const theme = useTheme();
  const colors = useMemo(() => colorsOf(theme), [theme]);
  const svg = useRef<SVGSVGElement>(null);
  const full = useMemo(() => graphView(picture, types), [picture, types]);
  const view = useMemo(() => filterGraph(full, filter), [full, filter]);
  const matches = useMemo(() => new Set(searchGraph(view, search)), [view, search]);
  const focused = filter.focus === undefined ? undefined : full.nodes.find((n) => n.id === filter.focus);
  // The same structure gives the same Layout object (layoutGraph's cache): a refresh that only
  // changes states neither lays the graph out again nor resets the zoom.
  const layout: Layout = useMemo(() => layoutGraph(view), [view]);
  const readable = view.nodes.length <= READABLE_MAX_NODES;
  // The SVG's width, measured while it is still empty (reading it once the graph is inside would
  // force the browser to lay out thousands of elements before their first paint).
  const [width, setWidth] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    setWidth(svg.current?.clientWidth || DEFAULT_WIDTH);
  }, []);
  // Start with the whole graph in view (a small one readable): fitted during render, so the
  // graph is first drawn fitted.
  const [zoom, setZoom] = useState<View>({ x: 20, y: 20, k: 1 });
  const [height, setHeight] = useState(HEIGHT);
  const [fittedFor, setFittedFor] = useState<Layout | undefined>(undefined);
  if (width !== undefined && fittedFor !== layout) {
    const fitted = openingView(layout, width, readable);
    setFittedFor(layout);
    setZoom(fitted.view);
    setHeight(fitted.height);
  }
  const drag = useRef<{ x: number; y: number; view: View } | undefined>(undefined);
  const history = useHistory();

  const open = (node: GraphNodeView) => {
    if (onOpen !== undefined) return onOpen(node);
    const url = pageOf(node);
    if (url !== undefined) history.push(url);
  };
  const focusOn = (id: string | undefined) => setFilter((f) => ({ ...f, focus: id }));
  // One callback for the whole life of the graph, so that the memoised nodes do not re-render
  // because of it; it calls the latest `open`.
  const openLatest = useRef(open);
  openLatest.current = open;
  const openStable = useCallback((node: GraphNodeView) => openLatest.current(node), []);
  // setFilter is stable: so is this.
  const focusStable = useCallback((node: GraphNodeView) => setFilter((f) => ({ ...f, focus: node.id })), []);
  // Zooming out stops at the whole graph in view, however big it is.
  const minScale = Math.min(MIN_SCALE, fitView(layout, width ?? DEFAULT_WIDTH, height).k);
  const scaled = (k: number) => Math.min(MAX_SCALE, Math.max(minScale, k));
  const onWheel = (e: WheelEvent) => {
    const k = scaled(zoom.k * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
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
  const fit = () => setZoom(fitView(layout, width ?? DEFAULT_WIDTH, height));
  const toggle = (t: string) =>
    setTypes((prev) => {
      const next = new Set(prev);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });
  const shown = width === undefined ? undefined : windowOf(zoom, width, height, layout);
  const searching = search.trim() !== '';

  return (
    <Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mb: 1 }}>
        <TextField
          size="small"
          variant="outlined"
          placeholder="Search Kind/namespace/name"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            const first = searchGraph(full, search)[0];
            if (first !== undefined) focusOn(first);
          }}
          inputProps={{ 'aria-label': 'Search the graph', 'data-testid': 'graph-search' }}
          helperText={
            searching
              ? `${matches.size} match${matches.size === 1 ? '' : 'es'}; Enter focuses the first`
              : undefined
          }
          sx={{ minWidth: 260 }}
        />
        {focused === undefined ? null : (
          <>
            <Chip
              color="primary"
              label={`Focus: ${focused.label}`}
              onDelete={() => focusOn(undefined)}
              data-testid="graph-focus"
            />
            <ButtonGroup size="small" variant="outlined" aria-label="Hops">
              <Button
                aria-label="Fewer hops"
                disabled={filter.hops <= 1}
                onClick={() => setFilter((f) => ({ ...f, hops: f.hops - 1 }))}
              >
                −
              </Button>
              <Button disabled data-testid="graph-hops">
                {filter.hops} hop{filter.hops === 1 ? '' : 's'}
              </Button>
              <Button aria-label="More hops" onClick={() => setFilter((f) => ({ ...f, hops: f.hops + 1 }))}>
                +
              </Button>
            </ButtonGroup>
          </>
        )}
        {HIDE_SWITCHES.map(([key, label]) => (
          <FormControlLabel
            key={key}
            control={
              <Switch
                size="small"
                checked={filter[key]}
                onChange={(e) => setFilter((f) => ({ ...f, [key]: e.target.checked }))}
              />
            }
            label={label}
          />
        ))}
        <ButtonGroup size="small" variant="outlined" aria-label="Zoom">
          <Button onClick={() => setZoom({ ...zoom, k: scaled(zoom.k * 1.2) })}>Zoom in</Button>
          <Button onClick={() => setZoom({ ...zoom, k: scaled(zoom.k / 1.2) })}>Zoom out</Button>
          <Button onClick={fit}>Fit</Button>
        </ButtonGroup>
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 0.5, mb: 1 }}>
        <Typography variant="body2" color="text.secondary" sx={{ mr: 0.5 }}>
          Edges:
        </Typography>
        {GRAPH_EDGE_TYPES.map((t) => (
          <Chip
            key={t}
            size="small"
            label={t}
            clickable
            color={types.has(t) ? 'primary' : 'default'}
            variant={types.has(t) ? 'filled' : 'outlined'}
            aria-pressed={types.has(t)}
            onClick={() => toggle(t)}
          />
        ))}
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Arrows run from what is needed to what needs it; red arrows are failing paths, dashed purple ones
        cross between Flux and Argo CD; thick borders are root causes. Scroll to zoom, drag to pan, click a
        node to open it, right-click it to focus on its neighbourhood.
      </Typography>
      <svg
        role="img"
        aria-label="GitOps dependency graph"
        data-testid="dependency-graph"
        width="100%"
        ref={svg}
        height={height}
        style={{
          border: `1px solid ${colors.border}`,
          borderRadius: 4,
          background: colors.canvas,
          cursor: 'grab',
          userSelect: 'none',
        }}
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
          <ArrowMarker id="strata-arrow" fill={colors.edge} />
          <ArrowMarker id="strata-arrow-bad" fill={colors.bad} />
        </defs>
        {width === undefined ? null : (
          <g transform={`translate(${zoom.x},${zoom.y}) scale(${zoom.k})`}>
            <GraphContent
              view={view}
              layout={layout}
              onOpen={openStable}
              onFocus={focusStable}
              detail={zoom.k >= LABEL_MIN_SCALE}
              colors={colors}
              matches={searching ? matches : undefined}
              x0={shown?.x0}
              y0={shown?.y0}
              x1={shown?.x1}
              y1={shown?.y1}
            />
          </g>
        )}
      </svg>
    </Box>
  );
}

/** Each edge's bounding box, once per layout. */
const edgeBoxes = new WeakMap<Layout, Map<string, Area>>();
function boxesOf(layout: Layout): Map<string, Area> {
  let boxes = edgeBoxes.get(layout);
  if (boxes === undefined) {
    boxes = new Map();
    for (const [id, edge] of layout.edges) {
      const xs = edge.points.map((p) => p.x);
      const ys = edge.points.map((p) => p.y);
      boxes.set(id, { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
    }
    edgeBoxes.set(layout, boxes);
  }
  return boxes;
}

/** How every node of a drawing is drawn, and what a click on one does. */
interface NodeDrawing {
  onOpen: (node: GraphNodeView) => void;
  onFocus: (node: GraphNodeView) => void;
  /** Labels drawn (the view is large enough to read them). */
  detail: boolean;
  colors: GraphColors;
}

/**
 * The edges and nodes inside the window (every one when there is no window), drawn once per
 * view, layout, window and level of detail: zooming and panning within a window change only the
 * transform around it, and a refresh (a new view, the same cached layout) re-renders only the
 * nodes and edges whose state changed.
 */
const GraphContent = memo(function GraphContent({
  view,
  layout,
  onOpen,
  onFocus,
  detail,
  colors,
  matches,
  x0,
  y0,
  x1,
  y1,
}: NodeDrawing & {
  view: GraphView;
  layout: Layout;
  /** The nodes a search matches (the others are dimmed); undefined when not searching. */
  matches: ReadonlySet<string> | undefined;
  x0: number | undefined;
  y0: number | undefined;
  x1: number | undefined;
  y1: number | undefined;
}) {
  const inside = (b: Area) => x0 === undefined || (b.x1 >= x0 && b.x0 <= x1! && b.y1 >= y0! && b.y0 <= y1!);
  const boxes = x0 === undefined ? undefined : boxesOf(layout);
  return (
    <>
      {view.edges.map((e) => {
        const placed = layout.edges.get(e.id);
        if (placed === undefined) return null;
        const box = boxes?.get(e.id);
        return box !== undefined && !inside(box) ? null : (
          <GraphEdge key={e.id} edge={e} placed={placed} colors={colors} />
        );
      })}
      {view.nodes.map((n) => {
        const p = layout.nodes.get(n.id);
        if (p === undefined || !inside({ x0: p.x, y0: p.y, x1: p.x + p.width, y1: p.y + p.height }))
          return null;
        return (
          <GraphNode
            key={n.id}
            node={n}
            placed={p}
            onOpen={onOpen}
            onFocus={onFocus}
            detail={detail}
            colors={colors}
            dimmed={matches !== undefined && !matches.has(n.id)}
          />
        );
      })}
    </>
  );
});

/** The arrow head at the end of an edge, in one colour. */
function ArrowMarker({ id, fill }: { id: string; fill: string }) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
      <path d="M0,0 L10,5 L0,10 z" fill={fill} />
    </marker>
  );
}

/**
 * Tooltips are `<title>` children made on hover only: a `<title>` on every node and edge
 * doubled the style and layout work of a 2,000-node graph under Headlamp's stylesheet.
 */
function useHover(): [boolean, { onMouseEnter(): void; onMouseLeave(): void }] {
  const [hover, setHover] = useState(false);
  return [hover, { onMouseEnter: () => setHover(true), onMouseLeave: () => setHover(false) }];
}

const GraphEdge = memo(
  function GraphEdge({
    edge: e,
    placed,
    colors,
  }: {
    edge: GraphEdgeView;
    placed: PlacedEdge;
    colors: GraphColors;
  }) {
    const [hover, hoverHandlers] = useHover();
    const d = placed.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
    const color = e.failing ? colors.bad : e.crossLayer ? colors.cross : colors.edge;
    return (
      <path
        d={d}
        data-edge-type={e.type}
        data-failing={e.failing ? 'true' : undefined}
        fill="none"
        stroke={color}
        strokeWidth={e.failing ? 2.5 : e.crossLayer ? 2 : 1.2}
        strokeDasharray={e.crossLayer ? '6 4' : undefined}
        markerEnd={e.failing ? 'url(#strata-arrow-bad)' : 'url(#strata-arrow)'}
        {...hoverHandlers}
      >
        {hover ? <title>{EDGE_WORDS[e.type] ?? e.type}</title> : null}
      </path>
    );
  },
  (a, b) =>
    a.placed === b.placed &&
    a.colors === b.colors &&
    a.edge.type === b.edge.type &&
    a.edge.failing === b.edge.failing &&
    a.edge.crossLayer === b.edge.crossLayer,
);

const GraphNode = memo(
  function GraphNode({
    node: n,
    placed: p,
    onOpen,
    onFocus,
    detail,
    colors,
    dimmed,
  }: NodeDrawing & {
    node: GraphNodeView;
    placed: PlacedNode;
    /** Not matching the search. */
    dimmed: boolean;
  }) {
    const [hover, hoverHandlers] = useHover();
    const name = `${formatRef(n.ref)}: ${n.state}${n.reason === undefined ? '' : ` (${n.reason})`}`;
    return (
      // biome-ignore lint/a11y/useSemanticElements: an SVG group is the node
      <g
        data-testid="graph-node"
        data-key={n.id}
        data-state={n.state}
        role="button"
        aria-label={name}
        tabIndex={0}
        transform={`translate(${p.x},${p.y})`}
        data-match={dimmed ? undefined : 'true'}
        opacity={dimmed ? 0.25 : 1}
        style={{ cursor: 'pointer' }}
        onClick={() => onOpen(n)}
        onContextMenu={(ev) => {
          ev.preventDefault();
          onFocus(n);
        }}
        onKeyDown={(ev) => {
          if (ev.key === 'Enter') onOpen(n);
        }}
        {...hoverHandlers}
      >
        {hover ? <title>{name}</title> : null}
        <rect
          width={p.width}
          height={NODE_HEIGHT}
          rx={6}
          fill={colors.fill[n.state]}
          stroke={colors.stroke[n.state]}
          strokeWidth={n.isRoot ? 3.5 : 1.2}
        />
        {n.tool === undefined ? null : <rect width={5} height={NODE_HEIGHT} rx={2} fill={TOOL_BAR[n.tool]} />}
        {detail ? (
          <>
            <text x={12} y={17} fontSize={12} fontWeight={n.isRoot ? 700 : 500} fill={colors.text}>
              {n.label}
            </text>
            <text x={12} y={33} fontSize={11} fill={colors.subtext}>
              {n.ref.namespace ?? ''} · {n.state}
            </text>
          </>
        ) : null}
      </g>
    );
  },
  // The id fixes the ref and label; what a refresh can change is the state and its marks.
  (a, b) =>
    a.placed === b.placed &&
    a.onOpen === b.onOpen &&
    a.onFocus === b.onFocus &&
    a.detail === b.detail &&
    a.colors === b.colors &&
    a.dimmed === b.dimmed &&
    a.node.id === b.node.id &&
    a.node.state === b.node.state &&
    a.node.reason === b.node.reason &&
    a.node.isRoot === b.node.isRoot &&
    a.node.tool === b.node.tool,
);
