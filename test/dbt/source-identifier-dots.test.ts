import { describe, expect, it } from 'vitest';
import { analyzeRepo } from '../../enrichers/catalog/analyze-repo.js';
import { linkCatalog } from '../../enrichers/catalog/link.js';
import { loadPythonParser } from '../../enrichers/python/parser.js';

// From ncl-icb-analytics/dbt-ncl-analytics (Snowflake): raw tables named with dots, declared
// with a quoted identifier. Rendered as five dotted parts they failed to parse (58 models).
describe('a source whose identifier holds dots', () => {
  it('renders as one quoted identifier, so the model parses and reads the source', async () => {
    const python = await loadPythonParser();
    const files = {
      'dbt_project.yml': 'name: p\nmodel-paths: ["models"]\n',
      'models/sources.yml': `version: 2
sources:
  - name: sus_ae
    database: DATA_LAKE
    schema: SUS_UNIFIED_ECDS
    tables:
      - name: clinical.diagnoses.snomed
        identifier: '"clinical.diagnoses.snomed"'
`,
      'models/raw_diagnoses.sql': `select "SNOMED_ID" as snomed_id, "code" as code from {{ source('sus_ae', 'clinical.diagnoses.snomed') }}`,
    };
    const facts = analyzeRepo(Object.entries(files).map(([path, content]) => ({ path, content })), python);
    const { entries } = linkCatalog(facts);
    const model = entries.find((e) => e.id === 'raw_diagnoses')!;
    expect(model.warnings.map((w) => w.code)).not.toContain('sql-parse-failed');
    expect(model.upstream).toEqual(['data_lake.sus_unified_ecds.clinical.diagnoses.snomed']);
    const columns = model.facts.flatMap((f) => f.columns.map((c) => c.name));
    expect(columns).toEqual(expect.arrayContaining(['snomed_id', 'code']));
  });
});
