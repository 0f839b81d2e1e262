/** Columns that tables of objects and of root causes share: LAYER and STATE, with their colours. */
import type { Layer, State } from '@strata/core';
import type { Column } from '../table.tsx';
import { LAYER_COLOUR, STATE_COLOUR } from '../theme.ts';

/** LAYER: flux, argo, both, helm or unmanaged; blank (uncoloured) where a row has none. */
export function layerColumn<R extends { readonly layer: Layer | '' }>(): Column<R> {
  return {
    id: 'layer',
    title: 'LAYER',
    text: (r) => r.layer,
    colour: (r) => (r.layer === '' ? undefined : LAYER_COLOUR[r.layer]),
    max: 9,
    min: 5,
    sort: 'layer',
  };
}

/** STATE, coloured by state. */
export function stateColumn<R extends { readonly state: State }>(): Column<R> {
  return {
    id: 'state',
    title: 'STATE',
    text: (r) => r.state,
    colour: (r) => STATE_COLOUR[r.state],
    max: 11,
    min: 11,
    sort: 'state',
  };
}
