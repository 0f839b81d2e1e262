/**
 * strata for Headlamp: both GitOps layers (Flux for the platform, Argo CD for the applications),
 * the dependency graph and the root cause of every failure. Every decision is @strata/core's;
 * every request goes through Headlamp's own API layer.
 */
import {
  registerDetailsViewHeaderAction,
  registerDetailsViewSection,
  registerMapSource,
  registerResourceTableColumnsProcessor,
  registerRoute,
  registerSidebarEntry,
} from '@kinvolk/headlamp-plugin/lib';
import { StrataActions } from './components/Actions.tsx';
import {
  ManagedByCell,
  managedByValue,
  type ResourceLike,
  StrataDetailsSection,
} from './components/Details.tsx';
import { GitOpsDetailsLink, GitOpsObjectPage, objectRoute } from './components/ObjectPage.tsx';
import { ArgoPage, FluxPage, GraphPage, OverviewPage, RootCausesPage } from './components/Pages.tsx';
import { strataMapSource } from './map-source.tsx';

const PAGES = [
  { name: 'strata-overview', label: 'Overview', path: '/strata/overview', component: OverviewPage },
  { name: 'strata-rootcauses', label: 'Root causes', path: '/strata/rootcauses', component: RootCausesPage },
  { name: 'strata-graph', label: 'Dependency graph', path: '/strata/graph', component: GraphPage },
  { name: 'strata-flux', label: 'Flux objects', path: '/strata/flux', component: FluxPage },
  { name: 'strata-argo', label: 'Argo CD applications', path: '/strata/argo', component: ArgoPage },
] as const;

// An icon object, not an `mdi:` name: Headlamp fetches unbundled icon names online.
const LAYERS_ICON = {
  body: '<path fill="currentColor" d="M12 16.54L19.37 10.8L21 12.07L12 19.07L3 12.07L4.62 10.81L12 16.54M12 14L3 7L12 0L21 7L12 14M12 2.53L7.1 7L12 11.47L16.9 7L12 2.53M12 21.47L19.37 15.73L21 17L12 24L3 17L4.62 15.74L12 21.47Z"/>',
  width: 24,
  height: 24,
};

registerSidebarEntry({
  parent: null,
  name: 'strata',
  label: 'GitOps layers',
  icon: LAYERS_ICON as unknown as string,
  url: '/strata/overview',
});

for (const page of PAGES) {
  registerSidebarEntry({ parent: 'strata', name: page.name, label: page.label, url: page.path });
  const Component = page.component;
  registerRoute({
    path: page.path,
    sidebar: page.name,
    name: page.name,
    exact: true,
    component: () => <Component />,
  });
}

for (const [tool, sidebar] of [
  ['flux', 'strata-flux'],
  ['argo', 'strata-argo'],
] as const) {
  registerRoute({
    path: objectRoute(tool),
    sidebar,
    name: `strata-object-${tool}`,
    exact: true,
    component: () => <GitOpsObjectPage />,
  });
}

registerDetailsViewSection(({ resource }) => <StrataDetailsSection resource={resource} />);

registerDetailsViewHeaderAction(({ item }: { item?: unknown }) => (
  <StrataActions item={item as Parameters<typeof StrataActions>[0]['item']} />
));

registerDetailsViewHeaderAction(({ item }: { item?: unknown }) => (
  <GitOpsDetailsLink item={item as { jsonData: unknown } | undefined} />
));

registerResourceTableColumnsProcessor(({ columns }) => [
  ...columns,
  {
    id: 'strata-managed-by',
    label: 'Managed by',
    gridTemplate: 'auto',
    // Headlamp passes its KubeObject rows; only jsonData and cluster are read.
    getValue: (item: unknown) => managedByValue(item as ResourceLike),
    render: (item: unknown) => <ManagedByCell item={item as ResourceLike} />,
  },
]);

registerMapSource(strataMapSource);
