/** Fetches JSON from the API; a 503 (database down) is reported to the banner and retried by the caller. */
import type { Elements } from './elements.ts';

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

export interface GraphResponse {
  elements: Elements;
  truncated: boolean;
}
export interface NodeDetails {
  id: string;
  label: string;
  name: string;
  props: Record<string, unknown>;
  source: { document: string; lines: [number, number]; text: string[] } | null;
  neighbours: { type: string; direction: 'in' | 'out'; id: string; label: string; name: string }[];
}
export interface SearchResult {
  id: string;
  label: string;
  name: string;
  score: number;
  context: string | null;
}
export interface OverloadPerson {
  id: string;
  name: string;
  bureau: string;
  units: string[];
  posts: string[];
  leadItems: number;
  assistItems: number;
  score: number;
  reasons: string[];
}
export interface Segment {
  text: string;
  differs: boolean;
}
export interface DupSide {
  id: string;
  unit: string;
  bureau: string;
  post: string;
  workItem: string | null;
  text: string;
  marked: Segment[];
  doc: string;
  line: number;
}
export interface DupPair {
  score: number;
  scope: string;
  a: DupSide;
  b: DupSide;
}
export interface SharedGroup {
  kind: 'code' | 'steps';
  key: string;
  workflowId: string;
  bureau: string;
  similarity: number;
  /** the steps, in order, for a group sharing written steps */
  steps: string[];
  posts: { id: string; unit: string; post: string }[];
}
