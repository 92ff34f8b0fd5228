import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settingsMarkdown } from '../../../src/config/load-config.ts';

describe('configuration', () => {
  it('gives working defaults with an empty environment (embedded demo)', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.esl.nodes).toEqual([{ name: 'fs1', host: '127.0.0.1', port: 8021 }]);
    expect(config.trunks[0]).toMatchObject({ name: 'lab', maxLines: 100, cps: 10 });
  });

  it('names every bad setting in one error', () => {
    expect(() => loadConfig({ RECOLLECT_HTTP_PORT: 'eighty', RECOLLECT_DATABASE_URL: 'mysql://x' })).toThrow(
      /RECOLLECT_HTTP_PORT.*RECOLLECT_DATABASE_URL|RECOLLECT_DATABASE_URL.*RECOLLECT_HTTP_PORT/,
    );
  });

  it('rejects a trunk without a {number} placeholder and an unknown API role', () => {
    expect(() => loadConfig({ RECOLLECT_TRUNKS: 'x:sofia/gateway/x:10:5' })).toThrow(ConfigError);
    expect(() => loadConfig({ RECOLLECT_API_TOKENS: 'abc:root' })).toThrow(/ops\|agent\|compliance\|admin/);
  });

  it('documents every setting in the generated README table', () => {
    const table = settingsMarkdown();
    for (const name of Object.keys(loadConfig({}).raw)) expect(table).toContain(`\`${name}\``);
  });
});
