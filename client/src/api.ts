/** Fetches JSON from the API; a 503 (database down) is reported to the banner and retried by the caller. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Listener = (down: boolean) => void;
const listeners: Listener[] = [];
/** Called with true when the database is unreachable, false once a request succeeds again. */
export function onDatabaseState(l: Listener): void {
  listeners.push(l);
}

/**
 * Where the page is served: the <base> element the server writes from BASE_PATH (`/bureau-graph/`), or the root
 * under Vite's dev server. Every address the client builds starts with it.
 */
export const BASE = (document.querySelector('base')?.getAttribute('href') ?? '/').replace(/\/+$/, '');

/** Which token a request needs: writes the admin token, reads the read token (on a closed installation). */
export type TokenKind = 'admin' | 'read';
/** A token as the server takes it: printable ASCII, no spaces. */
export const TOKEN_SHAPE = /^[\x21-\x7e]+$/;
const slot = (kind: TokenKind) => `bureau-graph.token.${kind}`;

/**
 * Asks for a token in a dialog; tokens are kept in sessionStorage, so each is asked once per browser session and
 * forgotten when the browser closes. Resolves to null when the user cancels.
 */
export type TokenPrompt = (kind: TokenKind, wrong: boolean) => Promise<string | null>;
let promptForToken: TokenPrompt = () => Promise.resolve(null);
export function onTokenNeeded(p: TokenPrompt): void {
  promptForToken = p;
}
/** One dialog at a time per kind: requests refused together wait for the same answer. */
const asking = new Map<TokenKind, Promise<string | null>>();
function ask(kind: TokenKind, wrong: boolean): Promise<string | null> {
  let p = asking.get(kind);
  if (!p) {
    p = promptForToken(kind, wrong).finally(() => asking.delete(kind));
    asking.set(kind, p);
  }
  return p;
}

function answered(down: boolean): void {
  listeners.forEach((l) => l(down));
}

/** How a request goes out: fetch, or an XMLHttpRequest where the upload's progress is wanted. */
type Send = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Sends like fetch through an XMLHttpRequest, whose upload reports progress (fetch's cannot): `onProgress` hears the
 * bytes sent and the bytes to send, again for each attempt (a request refused for its token is sent again).
 */
function sendWithProgress(onProgress: (sent: number, total: number) => void): Send {
  return (url, init) =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init.method ?? 'GET', url);
      new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.responseType = 'blob';
      const size = init.body instanceof Blob ? init.body.size : 0;
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : size));
      xhr.addEventListener('load', () => {
        // a status that may not carry a body (204, 304) gets none
        const body = [101, 204, 205, 304].includes(xhr.status) ? null : (xhr.response as Blob);
        const headers = new Headers();
        for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
          const at = line.indexOf(':');
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        resolve(new Response(body, { status: xhr.status, statusText: xhr.statusText, headers }));
      });
      xhr.addEventListener('error', () => reject(new TypeError('network error')));
      xhr.addEventListener('abort', () => reject(new TypeError('aborted')));
      onProgress(0, size);
      xhr.send((init.body as XMLHttpRequestBodyInit | null | undefined) ?? null);
    });
}

/** Fetches `path` under BASE with the session's token; on a 401 asks for the token and tries again. */
async function authorised(path: string, init: RequestInit = {}, send: Send = (url, i) => fetch(url, i)): Promise<Response> {
  const kind: TokenKind = init.method === 'POST' ? 'admin' : 'read';
  const tokenFor = () => sessionStorage.getItem(slot(kind)) ?? (kind === 'read' ? sessionStorage.getItem(slot('admin')) : null);
  const attempt = async (token: string | null) => {
    const headers = new Headers(init.headers);
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    try {
      return await send(`${BASE}${path}`, { ...init, headers });
    } catch {
      answered(true);
      throw new ApiError(0, 'the server is unreachable');
    }
  };
  let sent = tokenFor();
  let res = await attempt(sent);
  // asked again until the token is right or the user cancels; a wrong one is said to be wrong
  while (res.status === 401) {
    // another request may have stored a good token meanwhile: only the one sent is known to be wrong
    if (sent !== null && sessionStorage.getItem(slot(kind)) === sent) sessionStorage.removeItem(slot(kind));
    const stored = tokenFor();
    const token = stored !== null && stored !== sent ? stored : await ask(kind, sent !== null);
    if (token === null) break;
    sessionStorage.setItem(slot(kind), token);
    sent = token;
    res = await attempt(sent);
  }
  if (res.status === 503) {
    answered(true);
    throw new ApiError(503, 'database unavailable');
  }
  answered(false);
  return res;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new ApiError(res.status, body.error?.message ?? res.statusText);
  return body;
}

/** GETs a route of the API as JSON; a 503 or no answer tells the banner the database is down. */
export async function api<T>(path: string): Promise<T> {
  return json<T>(await authorised(path, { headers: { accept: 'application/json' } }));
}

/** POSTs bytes (a document) or nothing to a write route, which needs the admin token. */
export async function post<T>(path: string, body?: Blob): Promise<T> {
  return json<T>(await authorised(path, { method: 'POST', body, headers: { accept: 'application/json', 'content-type': 'application/octet-stream' } }));
}

/** POSTs a JSON body to a write route (review marks), which needs the admin token like `post`. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return json<T>(
    await authorised(path, { method: 'POST', body: JSON.stringify(body), headers: { accept: 'application/json', 'content-type': 'application/json' } }),
  );
}

/**
 * POSTs a document to a write route like `post`, reporting the upload's progress (bytes sent, bytes to send): for
 * large files, whose upload takes a while before the server answers.
 */
export async function postWithProgress<T>(path: string, body: Blob, onProgress: (sent: number, total: number) => void): Promise<T> {
  const init = { method: 'POST', body, headers: { accept: 'application/json', 'content-type': 'application/octet-stream' } };
  return json<T>(await authorised(path, init, sendWithProgress(onProgress)));
}

/** GETs a file (an original document) and hands it to the browser as a download named `name`. */
export async function fetchFile(path: string): Promise<Blob> {
  const res = await authorised(path);
  if (!res.ok) return json<never>(res);
  return res.blob();
}

export const enc = encodeURIComponent;

/** The API's answers, typed from the server's schemas (server/model/api.ts), so the two cannot drift. */
export type {
  ChartPost,
  ChartResponse,
  DocumentChanges,
  DuplicateMatrixResponse,
  OverviewBureau,
  OverviewResponse,
  WorkflowMatrixResponse,
  DocumentPreview,
  DupPair,
  DuplicatesResponse,
  MarkRequest,
  MarkResponse,
  ReviewsResponse,
  WriteResponse,
  GraphResponse,
  NodeResponse as NodeDetails,
  OverloadPerson,
  OverloadResponse,
  PathResponse,
  SearchResponse,
  SearchResult,
  Segment,
  SharedGroup,
  SharedResponse,
} from '../../server/model/api.ts';
