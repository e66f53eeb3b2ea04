/**
 * Class 6 of issue 14: behind a proxy. NORTHSTAR_TRUST_PROXY is a hop count or a list of
 * proxies (never "trust everyone"), so the rate-limit key is the address the trusted proxy
 * saw, not whatever a client writes into X-Forwarded-For.
 */
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { loadConfig, parseTrustProxy } from '../../server/config.ts';

describe('NORTHSTAR_TRUST_PROXY', () => {
  it('is off by default, a hop count, or a list of proxy addresses; "true" and nonsense are refused', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ NORTHSTAR_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,loopback,::1')).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', '::1']);
    expect(() => parseTrustProxy('true')).toThrow(/number of proxies/);
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/"proxy.internal"/);
    expect(() => parseTrustProxy('10.0.0.0/40')).toThrow(/10.0.0.0\/40/);
  });
});

/** A client behind the proxy at 10.0.0.5 that writes a new X-Forwarded-For every time. */
const spoofed = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i}, 10.9.8.7` });

describe.each(testDatabaseKinds())('sign-in rate limit behind a proxy (%s)', (kind) => {
  for (const [label, trustProxy] of [['one hop', 1], ['a proxy list', ['127.0.0.1']]] as const) {
    describe(label, () => {
      const app = useTestApp(kind, { loginAttempts: 3, config: { trustProxy: trustProxy as never } });

      it('when a client rotates its own X-Forwarded-For entries, then it is still limited by the address the proxy saw', async () => {
        await app.user('alice', [{ role: 'viewer', unit: null }]);
        const statuses: number[] = [];
        // different usernames, so only the per-address limit is at work
        for (let i = 0; i < 5; i++) statuses.push((await app.anonymous().post('/api/v1/auth/login', { username: `nobody-${i}`, password: 'wrong' }, spoofed(i))).status);
        expect(statuses).toEqual([401, 401, 401, 429, 429]);
        // another client behind the same proxy is not affected
        const other = await app.anonymous().post('/api/v1/auth/login', { username: 'nobody', password: 'wrong' }, { 'x-forwarded-for': '10.9.8.8' });
        expect(other.status).toBe(401);
      });
    });
  }
});
