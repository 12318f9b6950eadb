/**
 * Whether duplicates are found by meaning as well as wording, and the embedder that does it. The model is
 * provisioned and opened once per process; when it cannot be (no Java or Maven, a damaged file, MEANING=off), the
 * analyses run on wording alone and the API says why meaning is off.
 */
import path from 'node:path';
import { AppError } from '../errors.ts';
import { openEmbedder, type Embedder } from './embedder.ts';
import { DEFAULT_MODELS_DIR, MODEL, ModelUnavailable, provisionModel } from './model.ts';

export type Meaning = { on: true; model: string; embedder: Embedder } | { on: false; reason: string };

/** What the API says about meaning: on, or off and why. */
export const meaningStatus = (m: Meaning): { on: boolean; model: string | null; reason: string | null } =>
  m.on ? { on: true, model: m.model, reason: null } : { on: false, model: null, reason: m.reason };

export interface MeaningOptions {
  /** false: wording only (MEANING=off) */
  enabled?: boolean;
  /** where models are provisioned (MODELS_DIR) */
  dir?: string;
  log?: (line: string) => void;
}

/** Provisions and opens the model; never throws for a model that cannot be had, but answers off with the reason. */
export async function openMeaning(o: MeaningOptions = {}): Promise<Meaning> {
  if (o.enabled === false) return { on: false, reason: 'meaning-based matching is turned off (MEANING=off)' };
  try {
    const embedder = await openEmbedder(await provisionModel(o.dir ?? DEFAULT_MODELS_DIR, o.log));
    return { on: true, model: MODEL.name, embedder: remembering(embedder) };
  } catch (e) {
    if (e instanceof ModelUnavailable || e instanceof AppError) return { on: false, reason: e.message };
    throw e;
  }
}

/** Texts whose vectors a process keeps: 20,000 of 512 floats is 40 MB. */
const REMEMBERED = 20_000;

/**
 * The embedder, keeping the vectors of the texts it embedded last: a graph rebuilt, or a document imported again
 * after a change, embeds mostly texts it has seen.
 */
function remembering(embedder: Embedder): Embedder {
  const kept = new Map<string, Float32Array>();
  return {
    async embed(text: string): Promise<Float32Array> {
      const hit = kept.get(text);
      if (hit) {
        // most recently used last
        kept.delete(text);
        kept.set(text, hit);
        return hit;
      }
      const v = await embedder.embed(text);
      if (kept.size >= REMEMBERED) kept.delete(kept.keys().next().value!);
      kept.set(text, v);
      return v;
    },
    close: () => embedder.close(),
  };
}

let shared: Promise<Meaning> | null = null;

/**
 * The process's meaning, opened at the first call from the environment (MEANING, MODELS_DIR) and kept: imports,
 * uploads and rebuilds of one process share one model.
 */
export function processMeaning(log?: (line: string) => void): Promise<Meaning> {
  shared ??= openMeaning({
    enabled: !['off', '0', 'false'].includes((process.env.MEANING ?? 'on').toLowerCase()),
    dir: process.env.MODELS_DIR ? path.resolve(path.dirname(DEFAULT_MODELS_DIR), process.env.MODELS_DIR) : undefined,
    log,
  });
  return shared;
}
