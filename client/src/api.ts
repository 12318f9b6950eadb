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

/** GETs a route of the API as JSON; a 503 or no answer tells the banner the database is down. */
export async function api<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    listeners.forEach((l) => l(true));
    throw new ApiError(0, 'the server is unreachable');
  }
  if (res.status === 503) {
    listeners.forEach((l) => l(true));
    throw new ApiError(503, 'database unavailable');
  }
  listeners.forEach((l) => l(false));
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new ApiError(res.status, body.error?.message ?? res.statusText);
  return body;
}

export const enc = encodeURIComponent;

/** The API's answers, typed from the server's schemas (server/model/api.ts), so the two cannot drift. */
export type {
  DupPair,
  DuplicatesResponse,
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
