/**
 * The `:` command line: every command with its aliases, resolving typed text to what it does,
 * and completion (Tab) from what was typed. Pure.
 */
import type { TableKind, ViewSpec } from './view-spec.ts';

export interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly run: (argument: string | undefined) => CommandResult;
}

export type CommandResult =
  | { readonly type: 'view'; readonly view: ViewSpec }
  | { readonly type: 'namespace'; readonly namespace: string }
  | { readonly type: 'context'; readonly context: string }
  | { readonly type: 'quit' }
  | { readonly type: 'error'; readonly message: string };

const view = (spec: ViewSpec) => (): CommandResult => ({ type: 'view', view: spec });

const table = (name: TableKind) => view({ type: 'table', table: name });

/** The kind tables' commands, each named as its table (see view-models/objects-table.ts). */
const TABLE_COMMANDS: readonly {
  readonly table: TableKind;
  readonly aliases: readonly string[];
  readonly description: string;
}[] = [
  { table: 'ks', aliases: ['kustomizations', 'kustomization', 'kust'], description: 'Flux Kustomizations' },
  { table: 'hr', aliases: ['helmreleases', 'helmrelease'], description: 'Flux HelmReleases' },
  { table: 'sources', aliases: ['source', 'src'], description: 'every Flux source' },
  {
    table: 'gitrepo',
    aliases: ['gitrepositories', 'gitrepository', 'git'],
    description: 'Flux GitRepositories',
  },
  {
    table: 'ocirepo',
    aliases: ['ocirepositories', 'ocirepository', 'oci'],
    description: 'Flux OCIRepositories',
  },
  {
    table: 'helmrepo',
    aliases: ['helmrepositories', 'helmrepository'],
    description: 'Flux HelmRepositories',
  },
  { table: 'helmchart', aliases: ['helmcharts', 'hc'], description: 'Flux HelmCharts' },
  { table: 'buckets', aliases: ['bucket'], description: 'Flux Buckets' },
  { table: 'fluxinstances', aliases: ['fluxinstance', 'fi'], description: 'flux-operator FluxInstances' },
  { table: 'resourcesets', aliases: ['resourceset', 'rset'], description: 'flux-operator ResourceSets' },
  {
    table: 'inputproviders',
    aliases: ['inputprovider', 'resourcesetinputproviders', 'resourcesetinputprovider', 'rsip'],
    description: 'flux-operator ResourceSetInputProviders',
  },
  {
    table: 'images',
    aliases: ['image', 'imageautomation'],
    description: 'every Flux image automation object',
  },
  {
    table: 'imagerepos',
    aliases: ['imagerepo', 'imagerepositories', 'imagerepository'],
    description: 'Flux ImageRepositories',
  },
  { table: 'imagepolicies', aliases: ['imagepolicy', 'imagepol'], description: 'Flux ImagePolicies' },
  {
    table: 'imageupdates',
    aliases: ['imageupdate', 'imageupdateautomations', 'imageupdateautomation'],
    description: 'Flux ImageUpdateAutomations',
  },
  { table: 'receivers', aliases: ['receiver', 'rcv'], description: 'Flux Receivers' },
  { table: 'alerts', aliases: ['alert'], description: 'Flux Alerts' },
  { table: 'providers', aliases: ['provider'], description: 'Flux notification Providers' },
  { table: 'apps', aliases: ['app', 'applications', 'application'], description: 'Argo CD Applications' },
  {
    table: 'appsets',
    aliases: ['appset', 'applicationsets', 'applicationset'],
    description: 'Argo CD ApplicationSets',
  },
  {
    table: 'projects',
    aliases: ['project', 'proj', 'appprojects', 'appproject', 'appproj'],
    description: 'Argo CD AppProjects',
  },
  {
    table: 'controllers',
    aliases: ['controller', 'ctrl'],
    description: 'the Flux and Argo CD controller workloads',
  },
  { table: 'all', aliases: ['*'], description: 'every object of the picture' },
];

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'rootcauses',
    aliases: ['rc', 'roots', 'root'],
    description: 'root causes, ranked by blast radius',
    run: view({ type: 'rootcauses' }),
  },
  {
    name: 'layers',
    aliases: ['overview', 'ov', 'layer'],
    description: 'Flux platform and Argo CD apps side by side, the boundary, namespaces by tool',
    run: view({ type: 'layers' }),
  },
  ...TABLE_COMMANDS.map(({ table: name, aliases, description }) => ({
    name,
    aliases,
    description,
    run: table(name),
  })),
  {
    name: 'ns',
    aliases: ['namespace'],
    description: 'scope to a namespace (:ns team-a), or all of them (:ns all)',
    run: (argument) =>
      argument === undefined || argument === '' || argument === '-A' || argument === '*'
        ? { type: 'namespace', namespace: 'all' }
        : { type: 'namespace', namespace: argument },
  },
  {
    name: 'pods',
    aliases: ['pod', 'po'],
    description: "Pods of the selected object (its workloads'), or of a namespace (:pods NAME, :pods all)",
    run: (argument) =>
      argument === undefined
        ? { type: 'view', view: { type: 'pods' } }
        : {
            type: 'view',
            view: { type: 'pods', namespace: argument === '-A' || argument === '*' ? 'all' : argument },
          },
  },
  {
    name: 'ctx',
    aliases: ['context', 'contexts'],
    description: 'switch to another kubeconfig context in place (:ctx NAME), or list them (:ctx)',
    run: (argument) =>
      argument === undefined
        ? { type: 'view', view: { type: 'contexts' } }
        : { type: 'context', context: argument },
  },
  {
    name: 'hidden',
    aliases: ['rbac', 'unseen'],
    description: 'what strata cannot see on this cluster, and why',
    run: view({ type: 'hidden' }),
  },
  { name: 'help', aliases: ['?', 'h'], description: 'every key and command', run: view({ type: 'help' }) },
  {
    name: 'quit',
    aliases: ['q', 'q!', 'qa', 'exit'],
    description: 'leave strata',
    run: () => ({ type: 'quit' }),
  },
];

const BY_NAME = new Map<string, CommandSpec>();
for (const command of COMMANDS) {
  BY_NAME.set(command.name, command);
  for (const alias of command.aliases) BY_NAME.set(alias, command);
}

/** What `:text` does. */
export function runCommand(text: string): CommandResult {
  const [word = '', ...rest] = text.trim().replace(/^:/, '').split(/\s+/);
  const command = BY_NAME.get(word.toLowerCase());
  if (command === undefined) {
    return { type: 'error', message: word === '' ? 'no command given' : `unknown command :${word} (see ?)` };
  }
  const argument = rest.join(' ').trim();
  return command.run(argument === '' ? undefined : argument);
}

/** The commands whose argument is a namespace (completed from the cluster's names). */
const NAMESPACE_COMMANDS = new Set(['ns', 'namespace', 'pods', 'pod', 'po']);
/** The commands whose argument is a kubeconfig context. */
const CONTEXT_COMMANDS = new Set(['ctx', 'context', 'contexts']);

/**
 * Names and aliases that complete what was typed, names first; after `ns ` (or `pods `), the
 * namespaces that start with what was typed (`namespaces`: the cluster's, when known); after
 * `ctx `, the kubeconfig's contexts.
 */
export function completions(
  text: string,
  namespaces: readonly string[] = [],
  contexts: readonly string[] = [],
): readonly string[] {
  const withArgument = /^:?(\S+)\s+(\S*)$/.exec(text.trimStart());
  if (withArgument !== null) {
    const [, typedWord = '', argument = ''] = withArgument;
    const word = typedWord.toLowerCase();
    const names = NAMESPACE_COMMANDS.has(word)
      ? ['all', ...namespaces]
      : CONTEXT_COMMANDS.has(word)
        ? contexts
        : [];
    return names.filter((n) => n.startsWith(argument) && n !== argument).map((n) => `${word} ${n}`);
  }
  const typed = text.trim().toLowerCase();
  if (typed.includes(' ')) return [];
  const names = COMMANDS.map((c) => c.name).filter((n) => n.startsWith(typed));
  const aliases = COMMANDS.flatMap((c) => c.aliases).filter((a) => a.startsWith(typed) && /^[a-z]/.test(a));
  return [...new Set([...names, ...aliases])].filter((c) => c !== typed);
}
