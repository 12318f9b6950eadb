import path from 'node:path';
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

  it('keeps a base path without its trailing slash and refuses one without a leading slash', () => {
    expect(loadConfig({}).BASE_PATH).toBe('');
    expect(loadConfig({ BASE_PATH: '/bureau-graph/' }).BASE_PATH).toBe('/bureau-graph');
    expect(() => loadConfig({ BASE_PATH: 'bureau-graph' })).toThrow(/BASE_PATH: must start with a slash/);
    expect(() => loadConfig({ BASE_PATH: '/a b' })).toThrow(/BASE_PATH: must be a path of plain segments/);
  });

  it('wants TLS_CERT and TLS_KEY together, and tokens without spaces', () => {
    expect(() => loadConfig({ TLS_CERT: 'cert.pem' })).toThrow(/TLS_KEY: TLS_CERT and TLS_KEY must be set together/);
    expect(() => loadConfig({ TLS_KEY: 'key.pem' })).toThrow(/TLS_CERT: TLS_CERT and TLS_KEY must be set together/);
    expect(() => loadConfig({ ADMIN_TOKEN: ' padded-token-0123456789 ' })).toThrow(/ADMIN_TOKEN: must be printable ASCII without spaces/);
    expect(() => loadConfig({ READ_TOKEN: 'short' })).toThrow(/READ_TOKEN: must have at least 16 characters/);
  });

  it('takes relative data folders from the project folder', () => {
    const c = loadConfig({ DOCUMENTS_DIR: 'store' });
    expect(path.isAbsolute(c.DOCUMENTS_DIR)).toBe(true);
    expect(c.DOCUMENTS_DIR).toBe(path.resolve(import.meta.dirname, '..', 'store'));
    expect(c.AUDIT_LOG.endsWith(path.join('.data', 'audit.jsonl'))).toBe(true);
  });
});
