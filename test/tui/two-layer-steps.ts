/**
 * Steps the terminal tests take on the two-layer platform (packages/core's fixture), in the demo
 * and against the live API server alike.
 */
import { expect } from 'vitest';
import { KEYS, type StrataPty, tableRows } from './pty-screen.ts';

/**
 * On its root causes: `/team` narrows them to the three of teams' apps, Enter keeps the filter
 * (every row shown has `team` in it), Esc clears it. The cursor stays on the row it had under the
 * filter.
 */
export async function filterRootsByTeam(ui: StrataPty): Promise<void> {
  ui.press('/team');
  await ui.waitFor('Root causes [3/4]');
  ui.press(KEYS.enter);
  const filtered = await ui.waitFor('filter: team');
  expect(tableRows(filtered).every((row) => row.includes('team'))).toBe(true);
  ui.press(KEYS.escape);
  await ui.waitFor('Root causes [4]');
}
