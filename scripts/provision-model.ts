/** npm run model:provision: fetches the sentence embedder's model from Maven Central into .models, once. */
import { ModelUnavailable, provisionModel } from '../server/embedding/model.ts';

try {
  const t0 = Date.now();
  const files = await provisionModel(undefined, (line) => console.error(line));
  console.log(`model ready (${((Date.now() - t0) / 1000).toFixed(1)} s): ${files.onnx}, ${files.tokenizer}`);
} catch (e) {
  if (e instanceof ModelUnavailable) {
    console.error(`model:provision: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
