/**
 * Tokens: every write needs ADMIN_TOKEN; reads need READ_TOKEN (or ADMIN_TOKEN) when the installation is closed.
 * A token travels only as `Authorization: Bearer <token>`: one in the address would end up in logs and browser
 * history, so it is refused. Comparison is in constant time. Refused writes are written to the audit trail,
 * without the token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { BadInput, Forbidden, Unauthorised } from '../errors.ts';
import type { AuditAction, AuditEvent, AuditTrail } from '../store/audit.ts';

export interface Tokens {
  admin?: string;
  read?: string;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Query parameters that look like a token: refused, and blanked in the request log. */
const TOKEN_PARAM = /^(access_?)?token$|^auth(orization)?$|^api_?key$/i;

/** The address with the values of token-like parameters replaced, for the log. */
export function withoutTokens(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const k of [...params.keys()]) if (TOKEN_PARAM.test(k)) params.set(k, '[redacted]');
  return `${url.slice(0, q)}?${params}`;
}

/** Equal in constant time: both sides are hashed first, so neither their lengths nor their bytes leak through timing. */
function same(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The bearer token of the request: exactly `Bearer <token>`, one space, nothing around the token. Another scheme
 * (Basic, from a proxy's own login) is no token of ours and is left alone.
 */
function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (h === undefined || !/^bearer\b/i.test(h)) return null;
  const m = /^bearer ([\x21-\x7e]+)$/i.exec(h);
  if (!m?.[1]) throw new Unauthorised('the Authorization header must be exactly "Bearer <token>", with no spaces around the token');
  return m[1];
}

/** The name of the token the request carries, or null when it carries none of ours. */
function tokenName(req: Request, t: Tokens): 'ADMIN_TOKEN' | 'READ_TOKEN' | null {
  const given = bearer(req);
  if (given === null) return null;
  if (t.admin !== undefined && same(given, t.admin)) return 'ADMIN_TOKEN';
  if (t.read !== undefined && same(given, t.read)) return 'READ_TOKEN';
  return null;
}

/** What an audit line calls a refused write, from its route (the guard sees paths below /api). */
function actionOf(req: Request): AuditAction {
  const route = req.path.toLowerCase().replace(/\/+$/, '');
  if (route === '/documents') return 'upload';
  if (route === '/documents/preview') return 'preview';
  if (route === '/rebuild') return 'rebuild';
  return 'write';
}

/** The request as the audit trail names it: its id, method, address without the query, and client. */
export const requestOf = (req: Request): NonNullable<AuditEvent['request']> => ({
  id: typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '',
  method: req.method,
  path: req.originalUrl.split('?')[0] ?? '',
  ip: req.ip,
});

/** Who made a request, for the audit trail; set by the guard. */
export const requester = (req: Request): string => (req as Request & { tokenName?: string }).tokenName ?? 'anonymous';

/** Checks the token of every /api request; mount it before the routes. */
export function guard(t: Tokens, audit: AuditTrail | null): RequestHandler {
  return async (req, _res, next) => {
    if (Object.keys(req.query).some((k) => TOKEN_PARAM.test(k))) {
      throw new BadInput('a token goes in the Authorization header ("Bearer <token>"), never in the address');
    }
    const write = !READS.has(req.method);
    let name: ReturnType<typeof tokenName>;
    try {
      name = tokenName(req, t);
      if (write && t.admin === undefined) throw new Forbidden('writes are switched off on this server: it has no ADMIN_TOKEN');
      if (write && name !== 'ADMIN_TOKEN') throw new Unauthorised('this write needs the admin token: send "Authorization: Bearer <ADMIN_TOKEN>"');
      if (!write && t.read !== undefined && name === null)
        throw new Unauthorised('this server needs the read token: send "Authorization: Bearer <READ_TOKEN>"');
    } catch (e) {
      if (write && (e instanceof Unauthorised || e instanceof Forbidden)) {
        // the name as given, cut short: an anonymous caller must not fill the log
        const file = typeof req.query.name === 'string' ? [{ name: req.query.name.slice(0, 200), sha256: null, bytes: null }] : [];
        await audit?.record({
          action: actionOf(req),
          by: 'anonymous',
          outcome: 'refused',
          files: file,
          message: e.message,
          request: requestOf(req),
        });
      }
      throw e;
    }
    (req as Request & { tokenName?: string }).tokenName = name ?? undefined;
    next();
  };
}
