/** The `:` commands of the Flux kinds contract v3 added, and the tables they open. */
import { describe, expect, it } from 'vitest';
import { runCommand } from './commands.ts';
import { TABLES } from './view-models/objects-table.ts';

describe(': commands for image automation, notification and input providers', () => {
  it.each([
    ['images', ['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation']],
    ['imagerepos', ['ImageRepository']],
    ['imagepolicies', ['ImagePolicy']],
    ['imageupdates', ['ImageUpdateAutomation']],
    ['receivers', ['Receiver']],
    ['alerts', ['Alert']],
    ['providers', ['Provider']],
    ['inputproviders', ['ResourceSetInputProvider']],
  ] as const)(':%s opens the table of %j', (name, kinds) => {
    const result = runCommand(name);
    expect(result).toEqual({ type: 'view', view: { type: 'table', table: name } });
    expect([...(TABLES[name].kinds ?? [])].sort()).toEqual([...kinds].sort());
    expect(TABLES[name].mixed).toBe(kinds.length > 1);
  });

  it('k9s-style short names and the kinds’ own names open them too', () => {
    const table = (text: string) => {
      const result = runCommand(text);
      return result.type === 'view' && result.view.type === 'table' ? result.view.table : undefined;
    };
    expect(table('imagerepo')).toBe('imagerepos');
    expect(table('ImageRepositories')).toBe('imagerepos');
    expect(table('imagepol')).toBe('imagepolicies');
    expect(table('imageupdateautomation')).toBe('imageupdates');
    expect(table('rcv')).toBe('receivers');
    expect(table('alert')).toBe('alerts');
    expect(table('provider')).toBe('providers');
    expect(table('rsip')).toBe('inputproviders');
    expect(table('ResourceSetInputProviders')).toBe('inputproviders');
  });
});
