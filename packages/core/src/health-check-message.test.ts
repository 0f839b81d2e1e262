import { describe, expect, it } from 'vitest';
import { messageNames, parseHealthCheckMessage, stateOfKstatus } from './health-check-message.ts';

describe('parseHealthCheckMessage', () => {
  it('reads the current timeout form', () => {
    expect(
      parseHealthCheckMessage(
        "health check failed after 30.016270739s: timeout waiting for: [Deployment/suite-system/suite-manager status: 'InProgress']",
      ),
    ).toEqual([
      { kind: 'Deployment', namespace: 'suite-system', name: 'suite-manager', status: 'InProgress' },
    ]);
  });

  it('reads the fail-fast form with several entries', () => {
    expect(
      parseHealthCheckMessage(
        "health check failed after 33ms: failed early due to stalled resources: [HelmRelease/platform/kyverno status: 'Failed', Deployment/x/y status: 'InProgress']",
      ),
    ).toEqual([
      { kind: 'HelmRelease', namespace: 'platform', name: 'kyverno', status: 'Failed' },
      { kind: 'Deployment', namespace: 'x', name: 'y', status: 'InProgress' },
    ]);
  });

  it('reads the 0.2x and the oldest forms', () => {
    expect(
      parseHealthCheckMessage(
        "Health check failed after 2m0.01s, timeout waiting for: [HelmRelease/web/httpbin status: 'InProgress']",
      ),
    ).toEqual([{ kind: 'HelmRelease', namespace: 'web', name: 'httpbin', status: 'InProgress' }]);
    expect(
      parseHealthCheckMessage("Health check timed out for [Job 'default/neo-a', Job 'default/neo-b']"),
    ).toEqual([
      { kind: 'Job', namespace: 'default', name: 'neo-a' },
      { kind: 'Job', namespace: 'default', name: 'neo-b' },
    ]);
    expect(parseHealthCheckMessage("Health check timed out for [deployments.apps 'kc/kc-operator']")).toEqual(
      [{ kind: 'Deployment', namespace: 'kc', name: 'kc-operator' }],
    );
  });

  it('reads cluster-scoped entries and says undefined for other messages', () => {
    expect(
      parseHealthCheckMessage("timeout waiting for: [ClusterIssuer/letsencrypt status: 'InProgress']"),
    ).toEqual([{ kind: 'ClusterIssuer', name: 'letsencrypt', status: 'InProgress' }]);
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
