import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL, ModelUnavailable, provisionModel, verifyModelFile, type ModelFiles } from './model.ts';

// A folder of its own, so that these tests may damage the model without touching the project's .models.
// Provisioning runs Maven (the jar comes from ~/.m2 after the first time); without Maven it fails, saying so.
let dir: string;
let files: ModelFiles;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bureau-graph-model-'));
  files = await provisionModel(dir);
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedding model', () => {
  it('is provisioned as the two files of the jar, with their sizes and sha256', () => {
    expect(path.basename(files.onnx)).toBe('bge-small-zh-v1.5-q.onnx');
    expect(path.basename(files.tokenizer)).toBe('bge-small-zh-v1.5-q-tokenizer.json');
    expect(statSync(files.onnx).size).toBe(24_010_842);
    expect(() => verifyModelFile(files.onnx, MODEL.onnx)).not.toThrow();
    expect(() => verifyModelFile(files.tokenizer, MODEL.tokenizer)).not.toThrow();
  });

  it('refuses a truncated copy, naming the file, its size and what to do', () => {
    const copy = path.join(dir, 'truncated.onnx');
    copyFileSync(files.onnx, copy);
    truncateSync(copy, 12_000_000);
    expect(() => verifyModelFile(copy, MODEL.onnx)).toThrow(ModelUnavailable);
    expect(() => verifyModelFile(copy, MODEL.onnx)).toThrow(
      `${copy} is 12,000,000 bytes, 24,010,842 expected (truncated); run npm run model:provision to fetch it again`,
    );
  });

  it('refuses a copy of the right size with one byte changed', () => {
    const copy = path.join(dir, 'damaged.json');
    const bytes = readFileSync(files.tokenizer);
    bytes[1000] = bytes[1000]! ^ 1;
    writeFileSync(copy, bytes);
    expect(() => verifyModelFile(copy, MODEL.tokenizer)).toThrow(`expected (damaged); run npm run model:provision to fetch it again`);
    expect(() => verifyModelFile(path.join(dir, 'absent.onnx'), MODEL.onnx)).toThrow(`${dir}/absent.onnx is missing; run npm run model:provision`);
  });

  it('replaces a damaged model the next time it is provisioned', async () => {
    truncateSync(files.onnx, 1000);
    const lines: string[] = [];
    const again = await provisionModel(dir, (l) => lines.push(l));
    expect(statSync(again.onnx).size).toBe(24_010_842);
    expect(lines[0]).toBe(`${files.onnx} is 1,000 bytes, 24,010,842 expected (truncated); provisioning it again`);
  }, 600_000);

  it('says to install Maven when it is not there to fetch the model', async () => {
    const path_ = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const fresh = path.join(dir, 'fresh');
      await expect(provisionModel(fresh)).rejects.toThrow(ModelUnavailable);
      await expect(provisionModel(fresh)).rejects.toThrow(
        `the embedding model bge-small-zh-v1.5-q is not provisioned in ${fresh}, and it could not be fetched: Maven (mvn) is not on PATH. ` +
          'The model comes from Maven Central as dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:0.36.2: install Java and Maven',
      );
    } finally {
      process.env.PATH = path_;
    }
  });
});
