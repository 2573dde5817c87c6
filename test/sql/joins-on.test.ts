import { describe, expect, it } from 'vitest';
import { joinPairs, stmt } from './helpers.js';

/**
 * JOIN ON sides beyond a bare column (enrichers/sql/joins-on.ts). The unpivot is cut down
 * from tuva's normalized_input__int_present_on_admit_normalize.sql: the POA columns of a
 * claim, unioned under one name and joined to the present-on-admission terminology seed,
 * are what tuva's relationships tests declare as foreign keys (diagnosis_poa_N ->
 * terminology__present_on_admission.present_on_admit_code).
 */
describe('join sides', () => {
  it('reads each branch column of a unioned CTE joined to a lookup, through a value-keeping function', () => {
    const s = stmt(
      `with pivot_poa as (
         select claim_id, diagnosis_poa_1 as present_on_admit_code from stg_medical_claim
         union all
         select claim_id, diagnosis_poa_2 as present_on_admit_code from stg_medical_claim
       )
       select claim_id, poa.present_on_admit_code
       from pivot_poa as piv
       left outer join terminology.present_on_admission as poa
         on replace(piv.present_on_admit_code, '.', '') = poa.present_on_admit_code`,
      'snowflake',
    );
    expect(joinPairs(s).sort()).toEqual([
      'stg_medical_claim(diagnosis_poa_1)=terminology.present_on_admission(present_on_admit_code)',
      'stg_medical_claim(diagnosis_poa_2)=terminology.present_on_admission(present_on_admit_code)',
    ]);
  });

  it('does not pair a union column when the two relations are joined on several columns', () => {
    const s = stmt(
      `with u as (
         select claim_id, code_1 as code from claims
         union all
         select claim_id, code_2 as code from claims
       )
       select u.claim_id from u join lookup l on u.code = l.code and u.claim_id = l.claim_id`,
      'snowflake',
    );
    expect(joinPairs(s)).toEqual([]);
  });

  it('reads a column under a cast or a case/space normaliser, not under a function that computes another value', () => {
    // the null-safe comparison of an attribute is a slowly changing dimension's change check (ol-data-platform's dim_course)
    const s = stmt(
      `select 1 from orders o
       join customers c on cast(o.customer_id as varchar) = c.customer_id
       join previous_orders p on coalesce(o.note, '') = coalesce(p.note, '')
       join states s on upper(trim(o.state)) = s.state_code
       join weeks w on date_trunc('week', o.ordered_at) = w.week_start
       join icd i on left(o.dx, 3) = i.category`,
      'snowflake',
    );
    expect(joinPairs(s).sort()).toEqual(['orders(customer_id)=customers(customer_id)', 'orders(state)=states(state_code)']);
  });
});
