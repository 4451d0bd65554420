import { describe, expect, it } from 'vitest';
import { CONNECTION_POLICIES, connectionPolicy } from './connection-policy';

describe('connectionPolicy', () => {
  it.each([
    { keepAlive: true, policy: 'pinned', name: 'keep-alive \u2014 pinned', effect: /same worker/ },
    { keepAlive: false, policy: 'hopping', name: 'close \u2014 hopping', effect: /invents traffic/ },
  ])('metricsKeepAlive $keepAlive → $name', ({ keepAlive, policy, name, effect }) => {
    const info = connectionPolicy(keepAlive);
    expect(info.policy).toBe(policy);
    expect(info.name).toBe(name);
    expect(info.effect).toMatch(effect);
  });

  it.each(CONNECTION_POLICIES.map((p) => ({ ...p })))(
    '$policy: its setting selects it again',
    ({ policy, keepAlive }) => {
      expect(connectionPolicy(keepAlive).policy).toBe(policy);
    },
  );
});
