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

  it('marks the pieces of a key one ON clause spreads over several relations, not the separate joins of a WHERE', () => {
    // cut down from ol-data-platform's enrollment_detail_report.sql
    const on = stmt(
      `select 1 from enrollment e join f_order o on e.enrollment_key = o.enrollment_key
       left join payment p on o.order_id = p.order_id and e.platform_fk = p.platform_fk`,
      'snowflake',
    );
    const conf = (s: typeof on) => s.joins.map((j) => `${j.left.table}(${j.left.columns})=${j.right.table}(${j.right.columns}) ${j.confidence}${j.detail ? ' partial' : ''}`).sort();
    expect(conf(on)).toEqual([
      'enrollment(enrollment_key)=f_order(enrollment_key) 0.9',
      'enrollment(platform_fk)=payment(platform_fk) 0.8 partial',
      'f_order(order_id)=payment(order_id) 0.8 partial',
    ]);
    const where = stmt(`select 1 from enrollment e, f_order o, payment p where e.enrollment_key = o.enrollment_key and o.order_id = p.order_id`, 'snowflake');
    expect(conf(where)).toEqual(['enrollment(enrollment_key)=f_order(enrollment_key) 0.9', 'f_order(order_id)=payment(order_id) 0.9']);
  });
});
