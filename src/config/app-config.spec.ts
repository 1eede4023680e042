import { loadConfig } from './app-config';

describe('loadConfig', () => {
  describe('SEED_DEMO', () => {
    it('loads the demo data by default for the quick start, which sets no NODE_ENV', () => {
      expect(loadConfig({}).seedDemo).toBe(true);
      expect(loadConfig({ NODE_ENV: 'development' }).seedDemo).toBe(true);
    });

    it('loads no demo data by default under NODE_ENV=production (the demo password is published)', () => {
      expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
      expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: '' }).seedDemo).toBe(false);
    });

    it('does what SEED_DEMO says when it is set, in production too', () => {
      expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo).toBe(true);
      expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: '1' }).seedDemo).toBe(true);
      expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
      expect(loadConfig({ SEED_DEMO: 'no' }).seedDemo).toBe(false);
      expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    });
  });

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

  describe('LOGIN_LIMIT_PER_ADDRESS', () => {
    it('allows 60 log-in attempts a minute from one address by default, or the number set', () => {
      expect(loadConfig({}).loginLimitPerAddress).toBe(60);
      expect(loadConfig({ LOGIN_LIMIT_PER_ADDRESS: '600' }).loginLimitPerAddress).toBe(600);
    });

    it('refuses to start with a value that is not a whole number from 1', () => {
      for (const value of ['0', '-5', '1.5', 'many']) {
        expect(() => loadConfig({ LOGIN_LIMIT_PER_ADDRESS: value })).toThrow(/LOGIN_LIMIT_PER_ADDRESS must be/);
      }
    });
  });

  describe('PLEDGE_OVERDUE_DAYS', () => {
    it('lists a pledge as overdue after 30 days by default, or the days set', () => {
      expect(loadConfig({}).pledgeOverdueDays).toBe(30);
      expect(loadConfig({ PLEDGE_OVERDUE_DAYS: '14' }).pledgeOverdueDays).toBe(14);
    });

    it('refuses to start with a value that is not a whole number of days from 1 to 365', () => {
      for (const value of ['0', '-1', '2.5', 'month', '366']) {
        expect(() => loadConfig({ PLEDGE_OVERDUE_DAYS: value })).toThrow(/PLEDGE_OVERDUE_DAYS must be/);
      }
    });
  });

  describe('REDIS_URL', () => {
    it('keeps rate limits in memory when unset, and takes a redis:// or rediss:// URL', () => {
      expect(loadConfig({}).redisUrl).toBeUndefined();
      expect(loadConfig({ REDIS_URL: '' }).redisUrl).toBeUndefined();
      for (const url of ['redis://127.0.0.1:6379', 'redis://:secret@redis.internal:6380/2', 'rediss://user:pw@cache.example.com']) {
        expect(loadConfig({ REDIS_URL: url }).redisUrl).toBe(url);
      }
    });

    it('refuses to start with a malformed URL, saying so in Chinese and English without echoing it', () => {
      for (const url of [
        '127.0.0.1:6379',
        'http://127.0.0.1:6379',
        'redis://',
        'redis://host:99999',
        'redis://host/cache',
        'redis://:hunter2@h:x',
      ]) {
        expect(() => loadConfig({ REDIS_URL: url })).toThrow(/REDIS_URL 格式不正确.*REDIS_URL must look like redis:\/\/host:6379/);
        expect(() => loadConfig({ REDIS_URL: url })).not.toThrow(/hunter2/);
      }
    });

    it('prefixes the keys with fupin-expo: unless REDIS_KEY_PREFIX says otherwise', () => {
      expect(loadConfig({}).redisKeyPrefix).toBe('fupin-expo:');
      expect(loadConfig({ REDIS_KEY_PREFIX: 'city-341300:' }).redisKeyPrefix).toBe('city-341300:');
      expect(() => loadConfig({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX may hold only/);
    });
  });

  describe('FILE_STORAGE', () => {
    const pg = 'postgres://app@db/fupin';

    it('keeps uploads in the database on PostgreSQL and in a folder on SQLite unless told otherwise', () => {
      expect(loadConfig({}).fileStorage).toBe('folder');
      expect(loadConfig({ DATABASE_URL: pg }).fileStorage).toBe('database');
      expect(loadConfig({ DATABASE_URL: pg, FILE_STORAGE: 'folder' }).fileStorage).toBe('folder');
      expect(loadConfig({ FILE_STORAGE: ' Database ' }).fileStorage).toBe('database');
    });

    it('refuses to start with any other value', () => {
      expect(() => loadConfig({ FILE_STORAGE: 's3' })).toThrow(/FILE_STORAGE must be one of: database, folder/);
    });
  });
});
