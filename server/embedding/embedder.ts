/**
 * A sentence embedder for Chinese duty texts, offline: bge-small-zh-v1.5 (int8, ONNX) run by onnxruntime-node on
 * the CPU, tokenised by @huggingface/tokenizers, which gives the ids Hugging Face's own tokenizer gives. A text
 * becomes the model's [CLS] vector, L2-normalised, so the cosine of two texts is the dot product of their vectors.
 */
import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ModelUnavailable, type ModelFiles } from './model.ts';

/**
 * What this file uses of @huggingface/tokenizers' Tokenizer. The package's declarations import one another without
 * file extensions, which NodeNext resolution does not follow, so TypeScript would see the class as `any`.
 */
interface BertTokenizer {
  encode(text: string): { ids: number[] };
  token_to_id(token: string): number | undefined;
}
const BertTokenizer = Tokenizer as unknown as new (tokenizerJson: object, tokenizerConfig: object) => BertTokenizer;

/** Length of every vector. */
export const DIMENSIONS = 512;
/** The model reads at most this many tokens, [CLS] and [SEP] included; the rest of a longer text is dropped. */
export const MAX_TOKENS = 512;

export interface Embedder {
  /** The text's unit vector of DIMENSIONS floats; a blank text gets the zero vector, similar to nothing. */
  embed(text: string): Promise<Float32Array>;
  /** Frees the model; embed rejects afterwards. */
  close(): Promise<void>;
}

/** Opens the model's files (as provisionModel returns them); ModelUnavailable when they cannot be loaded. */
export async function openEmbedder(files: ModelFiles): Promise<Embedder> {
  let tokenizer: BertTokenizer;
  let session: InferenceSession;
  try {
    tokenizer = new BertTokenizer(JSON.parse(readFileSync(files.tokenizer, 'utf8')) as object, {});
    session = await InferenceSession.create(files.onnx, {
      // one text at a time: batches of padded texts give slightly different vectors with this quantised model, and
      // two threads already embed a few hundred duty texts a second
      intraOpNumThreads: 2,
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ModelUnavailable(`could not load the embedding model (${files.onnx}, ${files.tokenizer}): ${reason}; run npm run model:provision`, {
      cause: e,
    });
  }
  const sep = tokenizer.token_to_id('[SEP]');
  if (sep === undefined) throw new ModelUnavailable(`${files.tokenizer} has no [SEP] token: it is not the model's tokenizer; run npm run model:provision`);
  let closed = false;

  return {
    async embed(text: string): Promise<Float32Array> {
      if (closed) throw new Error('the embedder is closed');
      if (text.trim() === '') return new Float32Array(DIMENSIONS);
      // the vocabulary is lower-case and the tokenizer does not lower-case: upper-case Latin letters would be [UNK]
      let ids = tokenizer.encode(text.toLowerCase()).ids;
      if (ids.length > MAX_TOKENS) ids = [...ids.slice(0, MAX_TOKENS - 1), sep];
      const shape = [1, ids.length];
      const output = await session.run({
        input_ids: new Tensor('int64', BigInt64Array.from(ids, BigInt), shape),
        attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), shape),
        token_type_ids: new Tensor('int64', new BigInt64Array(ids.length), shape),
      });
      const hidden = output.last_hidden_state;
      if (hidden?.type !== 'float32' || hidden.dims.at(-1) !== DIMENSIONS) {
        throw new ModelUnavailable(`${files.onnx} does not give last_hidden_state as ${DIMENSIONS} floats per token; run npm run model:provision`);
      }
      // [1, tokens, DIMENSIONS]: the first token's row is [CLS]
      const cls = (hidden.data as Float32Array).subarray(0, DIMENSIONS);
      let squares = 0;
      for (const x of cls) squares += x * x;
      const norm = Math.sqrt(squares);
      return cls.map((x) => x / norm);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await session.release();
    },
  };
}

/** The cosine of two unit vectors: their dot product. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** The normalised mean of unit vectors: a post's vector from its title's and its statements'. */
export function unitMean(vectors: ArrayLike<number>[]): number[] {
  const sum = new Array<number>(DIMENSIONS).fill(0);
  for (const v of vectors) for (let i = 0; i < DIMENSIONS; i++) sum[i]! += v[i]!;
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
}
