import { describe, expect, it } from 'vitest';
import { KubeApiError, serverWords, TransportError } from './errors.ts';

describe('serverWords', () => {
  it("says what the server said, else the error's message", () => {
    const forbidden = new KubeApiError(
      403,
      { kind: 'Status', reason: 'Forbidden', message: 'pods is forbidden: User "bob" cannot list' },
      'GET /api/v1/pods',
    );
    expect(serverWords(forbidden)).toBe('pods is forbidden: User "bob" cannot list');
    expect(serverWords(new KubeApiError(503, '', 'GET /api'))).toBe('Service Unavailable');
    expect(serverWords(new TransportError('timeout', 'no answer within 30s'))).toBe('no answer within 30s');
    expect(serverWords('odd')).toBe('odd');
  });
});
