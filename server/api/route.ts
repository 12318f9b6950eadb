/**
 * One declaration per route: its zod schemas validate the request and describe it in the OpenAPI document.
 * Bad input becomes a 400 naming the field and the reason.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import etag from 'etag';
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { BadInput } from '../errors.ts';
import { ErrorBody } from '../model/api.ts';

interface RouteSpec<Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType, B extends z.ZodType = z.ZodType> {
  path: string;
  summary: string;
  tags: string[];
  query?: Q;
  params?: P;
  /** a JSON body, validated like the query */
  json?: B;
  response: R;
  /** content type when the route does not answer JSON */
  produces?: string;
  /** the answer, or nothing when the handler has sent a body of its own kind (an attachment) */
  handler: (input: { query: z.output<Q>; params: z.output<P>; body: z.output<B>; req: Request; res: Response }) => Promise<z.output<R> | undefined>;
}

function parseOrThrow<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> {
  if (!schema) return {} as z.output<T>;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({
    field: String(i.path[0] ?? where),
    reason: i.path.length > 1 ? `${i.path.slice(1).join('.')}: ${i.message}` : i.message,
  }));
  throw new BadInput(issues.map((i) => `${where} parameter "${i.field}": ${i.reason}`).join('; '), issues);
}

/**
 * Serialised bodies of cached answers: the same object is sent many times, so it is stringified, encoded and
 * given its ETag once. A client that sends the ETag back gets a 304.
 */
const serialised = new WeakMap<object, { bytes: Buffer; etag: string }>();

function sendJson(res: Response, body: unknown): void {
  if (body === null || typeof body !== 'object') {
    res.json(body);
    return;
  }
  let s = serialised.get(body);
  if (s === undefined) {
    const bytes = Buffer.from(JSON.stringify(body));
    s = { bytes, etag: etag(bytes) };
    serialised.set(body, s);
  }
  res.set('ETag', s.etag).type('application/json').send(s.bytes);
}

const COMMON_ERRORS = {
  400: { description: 'A parameter is invalid', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'A token is needed (Authorization: Bearer …) or the one given is wrong', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Unknown id', content: { 'application/json': { schema: ErrorBody } } },
  503: { description: 'Neo4j unreachable; retry after the Retry-After header', content: { 'application/json': { schema: ErrorBody } } },
};

/** GET and POST routes on `router`, each registered in this table's OpenAPI document too. */
export function routeTable(router: Router) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const declare =
    (method: 'get' | 'post') =>
    <Q extends z.ZodType = z.ZodObject, P extends z.ZodType = z.ZodObject, R extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodObject>(
      spec: RouteSpec<Q, P, R, B> & { body?: { type: string; description: string } },
    ): void => {
      registry.registerPath({
        method,
        path: spec.path.replace(/:(\w+)/g, '{$1}'),
        summary: spec.summary,
        tags: spec.tags,
        // writes always need ADMIN_TOKEN; reads need READ_TOKEN only on closed installations
        security: method === 'post' ? [{ bearer: [] }] : [{}, { bearer: [] }],
        request: {
          ...(spec.query ? { query: spec.query as unknown as z.ZodObject } : {}),
          ...(spec.params ? { params: spec.params as unknown as z.ZodObject } : {}),
          ...(spec.body
            ? { body: { description: spec.body.description, content: { [spec.body.type]: { schema: { type: 'string', format: 'binary' } } }, required: true } }
            : {}),
          ...(spec.json ? { body: { content: { 'application/json': { schema: spec.json } }, required: true } } : {}),
        },
        responses: { 200: { description: 'OK', content: { [spec.produces ?? 'application/json']: { schema: spec.response } } }, ...COMMON_ERRORS },
      });
      router[method](spec.path, async (req, res) => {
        const query = parseOrThrow(spec.query, req.query, 'query');
        const params = parseOrThrow(spec.params, req.params, 'path');
        const json = parseOrThrow(spec.json, req.body, 'body');
        const body = await spec.handler({ query, params, body: json, req, res });
        if (body !== undefined && !res.headersSent) sendJson(res, body);
      });
    };
  return {
    get: declare('get'),
    post: declare('post'),
    /** The OpenAPI 3.1 document of every route declared so far. */
    openApi: (basePath = ''): object =>
      new OpenApiGeneratorV31(registry.definitions).generateDocument({
        openapi: '3.1.0',
        servers: [{ url: basePath || '/' }],
        info: {
          title: 'bureau-graph API',
          version: '0.1.0',
          description: 'Organisation graph of 定岗定责定流程表: reporting lines, workload, duplicated duties, shared workflows.',
        },
      }),
  };
}
