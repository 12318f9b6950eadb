import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('the environment', () => {
  it('has a default for every setting', () => {
    const c = loadConfig({});
    expect(c.NEO4J_URI).toBeUndefined();
    expect(c).toMatchObject({
      NEO4J_USER: 'neo4j',
      NEO4J_DATABASE: 'neo4j',
      PORT: 3000,
      HOST: '127.0.0.1',
      CORS_ORIGINS: [],
      TRUST_PROXY: false,
      SKIP_SEED_IMPORT: false,
    });
  });

  it('reads routing URIs, lists and switches', () => {
    const c = loadConfig({
      NEO4J_URI: 'neo4j+s://abcd.databases.neo4j.io',
      PORT: '8080',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      TRUST_PROXY: '1',
      SKIP_SEED_IMPORT: 'true',
    });
    expect(c).toMatchObject({
      NEO4J_URI: 'neo4j+s://abcd.databases.neo4j.io',
      PORT: 8080,
      CORS_ORIGINS: ['https://a.example', 'https://b.example'],
      TRUST_PROXY: true,
      SKIP_SEED_IMPORT: true,
    });
  });

  it('treats an empty variable as unset', () => {
    const c = loadConfig({ NEO4J_URI: '', PORT: '' });
    expect(c.NEO4J_URI).toBeUndefined();
    expect(c.PORT).toBe(3000);
  });

  it('names every bad variable and what is wrong with it', () => {
    const bad = () => loadConfig({ NEO4J_URI: 'http://localhost:7474', NEO4J_PASSWORD: 'short', PORT: '70000', LOG_LEVEL: 'loud' });
    expect(bad).toThrow(ConfigError);
    const message = (() => {
      try {
        bad();
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toMatch(/^invalid configuration:/);
    for (const name of ['NEO4J_URI: must be a Bolt or routing URI', 'NEO4J_PASSWORD: must have at least 8 characters', 'PORT:', 'LOG_LEVEL:'])
      expect(message).toContain(name);
  });
});
