import { syntheticCluster } from '@strata/core/fixtures';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPicture } from '../picture.ts';
import { renderInHeadlamp as wrap } from '../test-support.tsx';
import { DependencyGraph } from './DependencyGraph.tsx';

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
