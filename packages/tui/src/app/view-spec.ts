/** What a screen shows: one entry of the breadcrumb stack. */
import type { Ref } from '@strata/core';
import { refLabel } from './view-models/format.ts';

export type TableKind =
  | 'ks'
  | 'hr'
  | 'sources'
  | 'gitrepo'
  | 'ocirepo'
  | 'helmrepo'
  | 'helmchart'
  | 'buckets'
  | 'fluxinstances'
  | 'resourcesets'
  | 'inputproviders'
  | 'images'
  | 'imagerepos'
  | 'imagepolicies'
  | 'imageupdates'
  | 'receivers'
  | 'alerts'
  | 'providers'
  | 'apps'
  | 'appsets'
  | 'projects'
  | 'controllers'
  | 'all';

export type ViewSpec =
  | { readonly type: 'rootcauses' }
  | { readonly type: 'layers' }
  | { readonly type: 'table'; readonly table: TableKind }
  | { readonly type: 'chain'; readonly ref: Ref }
  | { readonly type: 'tree'; readonly ref: Ref }
  | { readonly type: 'owner'; readonly ref: Ref }
  | { readonly type: 'describe'; readonly ref: Ref }
  | { readonly type: 'yaml'; readonly ref: Ref }
  | { readonly type: 'events'; readonly ref: Ref }
  | {
      readonly type: 'logs';
      /** The Pod. */
      readonly ref: Ref;
      /** Unset: the source's choice (the failing container, its previous instance after a crash). */
      readonly container?: string;
      readonly previous?: boolean;
      readonly wrap?: boolean;
    }
  | {
      readonly type: 'pods';
      /** The object whose Pods are listed; unset: the Pods of the namespace scope (or `namespace`). */
      readonly of?: Ref;
      readonly namespace?: string;
    }
  | { readonly type: 'hidden' }
  /** The kubeconfig's contexts (`:ctx`): enter switches to one. */
  | { readonly type: 'contexts' }
  | { readonly type: 'help' };

/** The breadcrumb of a view: `rootcauses`, `hr`, `chain HelmRelease/flux-system/cert-manager`. */
export function crumb(view: ViewSpec): string {
  switch (view.type) {
    case 'rootcauses':
    case 'layers':
    case 'help':
    case 'hidden':
    case 'contexts':
      return view.type;
    case 'table':
      return view.table;
    case 'pods':
      return view.of === undefined
        ? `pods${view.namespace === undefined ? '' : ` ${view.namespace}`}`
        : `pods ${refLabel(view.of)}`;
    default:
      return `${view.type} ${refLabel(view.ref)}`;
  }
}

/** Views that list objects of the picture (a table or the overview), as opposed to one object's detail. */
export function isListView(view: ViewSpec): boolean {
  return (
    view.type === 'rootcauses' || view.type === 'layers' || view.type === 'table' || view.type === 'pods'
  );
}
