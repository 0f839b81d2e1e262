/** An ISO-8601 date, optionally with a time; a time without an offset is read as UTC. */
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** `2026-11-22T10:00:00Z`: ISO-8601 in UTC, milliseconds shown only when they are not zero. */
export function formatSnapshotTime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Reads `--at`: `2026-11-22`, `2026-11-22T10:00`, `2026-11-22T10:00:00Z`, `...+02:00`. Returns the
 * normalised time, or undefined when the value is not such a time. Only ISO-8601 is accepted (not
 * whatever `Date.parse` guesses at), and a time without an offset is UTC, so a report never
 * depends on the machine's time zone.
 */
export function parseSnapshotTime(value: string): string | undefined {
  const match = ISO.exec(value.trim());
  if (match === null) return undefined;
  const [, date = '', time = '00:00:00', rawZone = 'Z'] = match;
  // Date rolls 2026-02-30 over into March: reject dates that are not on the calendar.
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return undefined;
  const zone = rawZone.toUpperCase() === 'Z' ? 'Z' : rawZone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = new Date(`${date}T${time}${zone}`);
  return Number.isNaN(parsed.getTime()) ? undefined : formatSnapshotTime(parsed);
}
