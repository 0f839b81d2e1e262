import { describe, expect, it } from 'vitest';
import { messageNames, parseHealthCheckMessage, stateOfKstatus } from './health-check-message.ts';

describe('parseHealthCheckMessage', () => {
  it.each([
    [
      'the current timeout form',
      "health check failed after 30.016270739s: timeout waiting for: [Deployment/suite-system/suite-manager status: 'InProgress']",
      [{ kind: 'Deployment', namespace: 'suite-system', name: 'suite-manager', status: 'InProgress' }],
    ],
    [
      'the fail-fast form with several entries',
      "health check failed after 33ms: failed early due to stalled resources: [HelmRelease/platform/kyverno status: 'Failed', Deployment/x/y status: 'InProgress']",
      [
        { kind: 'HelmRelease', namespace: 'platform', name: 'kyverno', status: 'Failed' },
        { kind: 'Deployment', namespace: 'x', name: 'y', status: 'InProgress' },
      ],
    ],
    [
      'the 0.2x form',
      "Health check failed after 2m0.01s, timeout waiting for: [HelmRelease/web/httpbin status: 'InProgress']",
      [{ kind: 'HelmRelease', namespace: 'web', name: 'httpbin', status: 'InProgress' }],
    ],
    [
      'the oldest form',
      "Health check timed out for [Job 'default/neo-a', Job 'default/neo-b']",
      [
        { kind: 'Job', namespace: 'default', name: 'neo-a' },
        { kind: 'Job', namespace: 'default', name: 'neo-b' },
      ],
    ],
    [
      'the oldest form with a resource.group kind',
      "Health check timed out for [deployments.apps 'kc/kc-operator']",
      [{ kind: 'Deployment', namespace: 'kc', name: 'kc-operator' }],
    ],
    [
      'cluster-scoped entries',
      "timeout waiting for: [ClusterIssuer/letsencrypt status: 'InProgress']",
      [{ kind: 'ClusterIssuer', name: 'letsencrypt', status: 'InProgress' }],
    ],
  ])('reads %s', (_what, message, expected) => {
    expect(parseHealthCheckMessage(message)).toEqual(expected);
  });

  it('says undefined for other messages', () => {
    expect(parseHealthCheckMessage('Applied revision: main@sha1:abc')).toBeUndefined();
    expect(parseHealthCheckMessage(undefined)).toBeUndefined();
  });
});

describe('messageNames', () => {
  it("matches '<ns>/<name>' and the namespace-less NotFound form", () => {
    expect(messageNames("HelmChart 'flux-system/web-web' is not ready", 'flux-system', 'web-web')).toBe(true);
    expect(
      messageNames('GitRepository.source.toolkit.fluxcd.io "repo" not found', 'flux-system', 'repo'),
    ).toBe(true);
    expect(messageNames("HelmChart 'other/web-web' is not ready", 'flux-system', 'web-web')).toBe(false);
  });
});

describe('stateOfKstatus', () => {
  it('maps kstatus words to states', () => {
    expect(stateOfKstatus('Failed')).toBe('failing');
    expect(stateOfKstatus('InProgress')).toBe('progressing');
    expect(stateOfKstatus('NotFound')).toBe('missing');
    expect(stateOfKstatus(undefined)).toBe('unknown');
  });
});
