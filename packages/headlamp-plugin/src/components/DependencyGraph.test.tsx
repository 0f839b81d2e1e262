import { darkTheme } from '@kinvolk/headlamp-plugin/lib/components/App/defaultAppThemes';
import { createMuiTheme } from '@kinvolk/headlamp-plugin/lib/lib/themes';
import { ThemeProvider } from '@mui/material/styles';
import { syntheticCluster, twoLayerPlatform } from '@strata/core/fixtures';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildPicture } from '../picture.ts';
import { renderInHeadlamp as wrap } from '../test-support.tsx';
import { DependencyGraph, READABLE_MAX_NODES, READABLE_SCALE } from './DependencyGraph.tsx';

// 200 GitOps objects: fitted, the graph is far too small to read its labels.
const cluster = syntheticCluster({ seed: 1, gitops: 200, managedPerObject: 0 });
const picture = buildPicture(cluster.objects, cluster.at);

const nodes = () => screen.queryAllByTestId('graph-node');
const labels = (container: HTMLElement) =>
  container.querySelectorAll('[data-testid="graph-node"] text').length;
/** Clicks "Zoom in" until the labels are drawn; how many clicks it took. */
const zoomInToLabels = (container: HTMLElement) => {
  let clicks = 0;
  while (labels(container) === 0 && clicks < 40) {
    act(() => fireEvent.click(screen.getByText('Zoom in')));
    clicks += 1;
  }
  return clicks;
};

describe('Dependency graph of a large cluster', () => {
  afterEach(cleanup);

  it('draws every node fitted, without labels too small to read, each named for hover and assistive tech', () => {
    const { container } = wrap(<DependencyGraph picture={picture} onOpen={() => undefined} />);
    expect(nodes()).toHaveLength(200);
    expect(labels(container)).toBe(0);
    expect(nodes()[0]!.getAttribute('aria-label')).toMatch(/^[A-Za-z]+\/.*: [a-z]+/);
    // A tooltip appears on hover only.
    expect(container.querySelectorAll('title')).toHaveLength(0);
    fireEvent.mouseEnter(nodes()[0]!);
    expect(nodes()[0]!.querySelector('title')?.textContent).toBe(nodes()[0]!.getAttribute('aria-label'));
  });

  it("names an edge on hover in core's words (`installed by`, not `installation`)", () => {
    const platform = twoLayerPlatform();
    const { container } = wrap(
      <DependencyGraph picture={buildPicture(platform.objects, platform.at)} onOpen={() => undefined} />,
    );
    const edge = container.querySelector('path[data-edge-type="installation"]');
    expect(edge).not.toBeNull();
    fireEvent.mouseEnter(edge!);
    expect(edge!.querySelector('title')?.textContent).toBe('installed by');
  });

  it('draws labels once readable, and only what is near the view', () => {
    const { container } = wrap(<DependencyGraph picture={picture} onOpen={() => undefined} />);
    expect(zoomInToLabels(container)).toBeGreaterThan(1);
    const near = nodes().length;
    expect(near).toBeGreaterThan(0);
    expect(near).toBeLessThan(200);
    expect(labels(container)).toBe(near * 2);
    act(() => fireEvent.click(screen.getByText('Fit')));
    expect(nodes()).toHaveLength(200);
    expect(labels(container)).toBe(0);
  });

  it('zooms out no further than the whole graph', () => {
    const { container } = wrap(<DependencyGraph picture={picture} onOpen={() => undefined} />);
    const transform = () =>
      container.querySelector('svg[data-testid="dependency-graph"] > g')!.getAttribute('transform');
    const fitted = transform();
    act(() => fireEvent.click(screen.getByText('Zoom out')));
    expect(transform()).toBe(fitted);
  });
});

describe('Dependency graph of a small cluster', () => {
  afterEach(cleanup);
  const platform = twoLayerPlatform();
  const small = buildPicture(platform.objects, platform.at);
  const open = vi.fn();
  const ids = () => nodes().map((n) => n.getAttribute('data-key'));

  it('opens at a readable scale: every node of ≤ 100 drawn with its label', () => {
    const { container } = wrap(<DependencyGraph picture={small} onOpen={open} />);
    const drawn = nodes().length;
    expect(drawn).toBeGreaterThan(20);
    expect(drawn).toBeLessThanOrEqual(READABLE_MAX_NODES);
    expect(labels(container)).toBe(drawn * 2);
    const scale = Number(
      /scale\(([\d.]+)\)/.exec(
        container.querySelector('svg[data-testid="dependency-graph"] > g')!.getAttribute('transform')!,
      )![1],
    );
    expect(scale).toBeGreaterThanOrEqual(READABLE_SCALE);
  });

  it('search dims what does not match; Enter focuses on the first match, n hops up and down', () => {
    wrap(<DependencyGraph picture={small} onOpen={open} />);
    const all = nodes().length;
    fireEvent.change(screen.getByTestId('graph-search'), { target: { value: 'helmrelease cert-manager' } });
    const matching = nodes().filter((n) => n.getAttribute('data-match') === 'true');
    expect(matching.map((n) => n.getAttribute('data-key'))).toEqual(['HelmRelease/flux-system/cert-manager']);
    expect(nodes()).toHaveLength(all);
    fireEvent.keyDown(screen.getByTestId('graph-search'), { key: 'Enter' });
    expect(screen.getByTestId('graph-focus').textContent).toBe('Focus: HelmRelease/cert-manager');
    const twoHops = ids();
    expect(twoHops.length).toBeLessThan(all);
    expect(twoHops).toContain('HelmRelease/flux-system/cert-manager');
    // trust-manager depends on cert-manager: one hop downstream.
    expect(twoHops).toContain('HelmRelease/flux-system/trust-manager');
    fireEvent.click(screen.getByLabelText('Fewer hops'));
    expect(ids().length).toBeLessThanOrEqual(twoHops.length);
    fireEvent.click(screen.getByLabelText('More hops'));
    fireEvent.click(screen.getByLabelText('More hops'));
    expect(ids().length).toBeGreaterThanOrEqual(twoHops.length);
    // Clearing the focus shows everything again; right-click focuses a node.
    fireEvent.click(within(screen.getByTestId('graph-focus')).getByTestId('CancelIcon'));
    expect(nodes()).toHaveLength(all);
    fireEvent.contextMenu(
      nodes().find((n) => n.getAttribute('data-key') === 'HelmRelease/flux-system/trust-manager')!,
    );
    expect(screen.getByTestId('graph-focus').textContent).toBe('Focus: HelmRelease/trust-manager');
  });

  it('hides ready nodes and isolated ones', () => {
    wrap(<DependencyGraph picture={small} onOpen={open} />);
    const all = nodes().length;
    fireEvent.click(screen.getByLabelText('Hide ready'));
    const notReady = nodes();
    expect(notReady.length).toBeLessThan(all);
    expect(notReady.every((n) => n.getAttribute('data-state') !== 'ready')).toBe(true);
    fireEvent.click(screen.getByLabelText('Hide isolated'));
    expect(nodes().length).toBeLessThanOrEqual(notReady.length);
  });

  it('paints the canvas and labels from the theme: dark in the dark theme', () => {
    const dark = createMuiTheme(darkTheme);
    const { container } = wrap(
      <ThemeProvider theme={dark}>
        <DependencyGraph picture={small} onOpen={open} />
      </ThemeProvider>,
    );
    const canvas = screen.getByTestId('dependency-graph');
    expect(canvas.style.background).not.toBe('');
    expect(toRgb(canvas.style.background)).toBe(toRgb(dark.palette.background.default));
    expect(container.querySelector('[data-testid="graph-node"] text')!.getAttribute('fill')).toBe(
      dark.palette.text.primary,
    );
  });

  it('opens a node on click', () => {
    wrap(<DependencyGraph picture={small} onOpen={open} />);
    fireEvent.click(nodes()[0]!);
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ id: nodes()[0]!.getAttribute('data-key') }));
  });
});

/** `#rrggbb` or `rgb(r, g, b)` as `r,g,b`. */
function toRgb(color: string): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (hex !== null)
    return hex
      .slice(1)
      .map((h) => Number.parseInt(h, 16))
      .join(',');
  return (/rgb\(([^)]*)\)/.exec(color)?.[1] ?? color).replaceAll(' ', '');
}
