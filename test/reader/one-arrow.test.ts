import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { tableRecordArrowSchema } from '../../schemas/arrow.js';

describe('the row layout is built with the Arrow that LanceDB loads', () => {
  it("is an instance of the CommonJS apache-arrow's Schema (one copy of Arrow per process, not two)", () => {
    // @lancedb/lancedb require()s apache-arrow; an ESM import of it loads a second,
    // distinct copy (~0.2 s of CPU per command) whose classes fail this check
    const lanceArrow = createRequire(createRequire(import.meta.url).resolve('@lancedb/lancedb'))('apache-arrow');
    expect(tableRecordArrowSchema(8)).toBeInstanceOf(lanceArrow.Schema);
  });
});
