import { describe, expect, it } from 'vitest';
import { sourceAffinity, sourceParts, tableEntities } from '../../enrichers/catalog/fk-entities.js';

describe('what a table is named after, for foreign keys', () => {
  it('compacts entity names and reads fact prefixes as layer words', () => {
    // proves: `courserun_fk` can match `dim_course_run`; `tfact_order` is named after order
    expect([...tableEntities('dimensional.dim_course_run').exact]).toContain('courserun');
    expect([...tableEntities('dimensional.tfact_order').exact]).toContain('order');
  });

  it('reads the last word of an `<app>_<model>` name as a weaker name', () => {
    // proves (Django tables in ol-data-platform staging): `courses_program` is named after program, not exactly
    const e = tableEntities('staging.stg__micromasters__app__postgres__courses_program');
    expect([...e.trailing]).toContain('program');
    expect([...e.exact]).not.toContain('program');
  });

  it('finds the source system between the layer and the entity', () => {
    // proves: dbt's `stg_<source>__<entity>` and `stg__<source>__...__<entity>` spellings, and none for a plain name
    expect(sourceParts('stg_stripe__customers')).toEqual(['stripe']);
    expect(sourceParts('staging.stg__micromasters__app__postgres__auth_user')).toEqual(['micromasters', 'app', 'postgres']);
    expect(sourceParts('intermediate.__micromasters__users')).toEqual(['micromasters']);
    expect(sourceParts('customers')).toEqual([]);
    expect(sourceAffinity('stg__a__app__x_y', 'stg__a__app__auth_user')).toBe(2);
    expect(sourceAffinity('int__edx__runs', 'int__micromasters__programs', ['micromasters'])).toBeGreaterThan(sourceAffinity('int__edx__runs', 'int__edx__programs'));
    expect(sourceAffinity('int__edx__runs', 'int__mitx__programs', ['micromasters'])).toBe(0);
  });
});
