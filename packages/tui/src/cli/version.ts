import { readFileSync } from 'node:fs';

/** This package's version, read from its package.json (two levels up from src/cli and dist/cli). */
export function strataVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version: unknown = JSON.parse(text).version;
  return typeof version === 'string' ? version : '0.0.0';
}
