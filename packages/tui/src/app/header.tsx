/** @jsxRuntime automatic @jsxImportSource react */
/**
 * The four header lines: where strata looks (context, cluster, user, namespace scope,
 * read-only, connection), each layer with the version seen and how it is doing
 * (report.summary), the namespace favourites `0`–`9`, and the breadcrumbs.
 */
import type { LayerSummary } from '@strata/core';
import { Box, Text } from 'ink';
import type { HiddenNote, Snapshot, SourceDescription } from './data-source.ts';
import { CONNECTION_COLOUR } from './theme.ts';
import { clip, fit, oneLine } from './view-models/format.ts';

export const HEADER_HEIGHT = 4;

export interface HeaderProps {
  readonly description: SourceDescription;
  readonly snapshot: Snapshot;
  readonly namespace: string;
  readonly favourites: readonly string[];
  readonly notice?: string | undefined;
  /** The breadcrumbs: the views on the stack, the last one on screen. */
  readonly crumbs: readonly string[];
  readonly width: number;
}

function connectionText(snapshot: Snapshot, notice: string | undefined): string {
  switch (snapshot.connection) {
    case 'demo':
      // Named on every screen, so the demo is never taken for a real cluster.
      return notice ?? 'DEMO: not a real cluster';
    case 'connecting':
      return 'connecting…';
    case 'live':
      return 'live';
    case 'reconnecting':
      return 'reconnecting…';
    case 'stale':
      return 'stale: connection lost';
    case 'failed':
      return 'failed';
  }
}

function LayerCounts(props: {
  readonly name: string;
  readonly version: string | undefined;
  readonly summary: LayerSummary;
}) {
  const { name, summary } = props;
  return (
    <Text>
      <Text bold>{name}</Text>
      <Text color="gray">{props.version === undefined ? '' : ` ${oneLine(props.version)}`}</Text>
      <Text color="green"> {summary.ready} ready</Text>
      <Text color={summary.notReady > 0 ? 'red' : 'gray'}> {summary.notReady} not ready</Text>
      {summary.suspended > 0 ? <Text color="blue"> {summary.suspended} suspended</Text> : null}
    </Text>
  );
}

function hiddenText(hidden: readonly HiddenNote[]): string {
  if (hidden.length === 0) return '';
  return hidden.length === 1
    ? `⚠ hidden: ${oneLine(hidden[0]!.what)} (:hidden)`
    : `⚠ ${hidden.length} hidden (:hidden)`;
}

export function Header(props: HeaderProps) {
  const { description, snapshot, namespace, width, favourites } = props;
  const { summary } = snapshot.report;
  const connection = connectionText(snapshot, snapshot.notice ?? props.notice);
  const roots = snapshot.report.rootCauses.length;
  const hidden = hiddenText(snapshot.hidden);
  const identity = `ctx ${oneLine(description.context)}  cluster ${oneLine(description.cluster)}  user ${oneLine(description.user)}  ns ${namespace === 'all' ? 'all' : oneLine(namespace)}`;
  const right = `● ${connection}${description.readOnly ? '  [read-only]' : ''}`;
  const leftWidth = Math.max(10, width - right.length - 'strata  '.length - 1);
  const time = snapshot.report.at.replace(/^\d{4}-\d\d-\d\dT/, '').replace(/Z$/, 'Z');
  return (
    <Box flexDirection="column" width={width} height={HEADER_HEIGHT}>
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          strata{'  '}
        </Text>
        <Text>{fit(identity, leftWidth)}</Text>
        <Text> </Text>
        <Text color={CONNECTION_COLOUR[snapshot.connection]} bold>
          ● {connection}
        </Text>
        {description.readOnly ? <Text color="yellow"> [read-only]</Text> : null}
      </Text>
      <Text wrap="truncate-end">
        <LayerCounts name="Flux" version={snapshot.versions.flux} summary={summary.flux} />
        <Text color="gray"> │ </Text>
        <LayerCounts name="Argo CD" version={snapshot.versions.argo} summary={summary.argo} />
        <Text color="gray"> │ </Text>
        <Text color={roots > 0 ? 'red' : 'green'} bold>
          {roots === 0 ? 'no root causes' : `${roots} root cause${roots === 1 ? '' : 's'}`}
        </Text>
        {hidden === '' ? null : <Text color="yellow"> │ {hidden}</Text>}
      </Text>
      <Box flexDirection="row" width={width}>
        <Box flexGrow={1}>
          <Text wrap="truncate-end">
            {favourites.map((name, index) => (
              <Text key={name}>
                <Text color="magenta">{`<${index}>`}</Text>
                <Text
                  {...(name === namespace ? { bold: true, color: 'white' } : { color: 'gray' })}
                >{` ${oneLine(name)}  `}</Text>
              </Text>
            ))}
          </Text>
        </Box>
        <Text color="gray">{` at ${oneLine(time)}`}</Text>
      </Box>
      <Text wrap="truncate-end">
        {props.crumbs.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a breadcrumb is its position in the stack
          <Text key={i}>
            <Text
              {...(i === props.crumbs.length - 1
                ? { backgroundColor: 'cyan', color: 'black' }
                : { color: 'cyan' })}
            >
              {` ${clip(c, 60)} `}
            </Text>
            <Text color="gray">{i === props.crumbs.length - 1 ? '' : ' › '}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
