import { loadConfig } from './app-config';

describe('loadConfig', () => {
  describe('REQUEST_TIMEOUT', () => {
    it('gives a client 120 s to send a request by default, or the seconds set', () => {
      expect(loadConfig({}).requestTimeout).toBe(120);
      expect(loadConfig({ REQUEST_TIMEOUT: '300' }).requestTimeout).toBe(300);
    });

    it('refuses to start with a value that is not a whole number of seconds from 1 to 3600', () => {
      for (const value of ['0', '-5', '1.5', 'two', '3601']) {
        expect(() => loadConfig({ REQUEST_TIMEOUT: value })).toThrow(/REQUEST_TIMEOUT must be/);
      }
    });
  });
});
