/// <reference lib="dom" />
/**
 * Headlamp's resource map as a person reads it: the text of each node's card, a click on one,
 * and the `manages` edges strata draws (React Flow's `rf__edge-<id>` test ids).
 */
import type { Page } from './host-page.ts';

/** The text of every node on the map (a group's card and the nodes opened in it). */
export const mapNodeTexts = (page: Page): Promise<string[]> =>
  page.$$eval('.react-flow__node', (els) => els.map((e) => e.textContent ?? ''));

/** Clicks the map node whose text includes `text` (a node's card is its first [role=button]). */
export const clickMapNode = (page: Page, text: string): Promise<void> =>
  page.$$eval(
    '.react-flow__node',
    (els, wanted) => {
      (
        els.find((e) => e.textContent?.includes(wanted))?.querySelector('[role="button"]') as
          | HTMLElement
          | undefined
      )?.click();
    },
    text,
  );

/** The test ids of the `manages` edges drawn. */
export const managesEdges = (page: Page): Promise<string[]> =>
  page.$$eval('[data-testid$=":manages"]', (els) => els.map((e) => e.getAttribute('data-testid') ?? ''));

/** Fits the map to the screen (Headlamp's own control), so a screenshot shows the whole of what is open. */
export const fitMap = (page: Page): Promise<void> =>
  page.$$eval('button[title="Fit to screen"]', (els) => {
    (els[0] as HTMLElement | undefined)?.click();
  });
