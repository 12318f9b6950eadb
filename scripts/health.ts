/**
 * npm run health: the check a monitor runs (Nagios, Zabbix, a systemd timer). Asks the running server's /readyz,
 * where PORT, HOST, BASE_PATH and TLS_CERT say it is; prints one line; exits 0 when ready, 1 when not (the
 * database unreachable or empty), 2 when the server does not answer.
 */
import http from 'node:http';
import https from 'node:https';
import { loadConfig } from '../server/config.ts';

const config = loadConfig();
const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
const tls = Boolean(config.TLS_CERT);
const url = `${tls ? 'https' : 'http'}://${host}:${config.PORT}${config.BASE_PATH}/readyz`;

// the server's own certificate names the office's host name, not 127.0.0.1: this probe of the local port trusts it
const request = (tls ? https : http).get(url, { timeout: 5000, rejectUnauthorized: false }, (res) => {
  let body = '';
  res.on('data', (d) => (body += String(d)));
  res.on('end', () => {
    const ready = res.statusCode === 200;
    console.log(`${ready ? 'OK' : 'NOT READY'}: ${url} answered ${res.statusCode} ${body.trim()}`);
    process.exit(ready ? 0 : 1);
  });
});
request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
request.on('error', (e) => {
  console.log(`DOWN: ${url}: ${e.message}`);
  process.exit(2);
});
