import { describe, expect, it } from 'vitest';
import { NAMING_CONFIDENCE } from '../../enrichers/catalog/grain-naming.js';
import { FALLBACK_CONFIDENCE } from '../../enrichers/catalog/grain-fallback.js';
import { DEPENDENT_CAP } from '../../enrichers/catalog/grain-propagation.js';
import { grains as grainsIn } from './grains.js';

const grains = (files: Record<string, string>) => grainsIn('asana', files);

// Shapes from the Fivetran asana package's intermediate models (spider2-dbt asana001), where
// the staging models come from a package that is not installed: raw tables to this repo.
describe('grain of a model over raw tables, from the names of the columns read from them', () => {
  it('a model keeping a raw table\'s rows inherits its <entity>_id, and a LEFT JOIN on the other raw table\'s <entity>_id does not fan out', async () => {
    // proves: a raw table's key is guessed from the columns the repo reads from it (task_id read by
    // task_comments, user_id bound by the join), and the guess carries through a non-fanning join
    const g = await grains({
      'models/int_task_assignee.sql': `with task as (select * from {{ ref('stg_asana__task') }}),
asana_user as (select * from {{ ref('stg_asana__user') }})
select task.task_id, task.assignee_user_id, asana_user.user_name as assignee_name
from task left join asana_user on task.assignee_user_id = asana_user.user_id`,
    });
    expect(g['int_task_assignee']?.columns).toEqual(['task_id']);
    expect(g['int_task_assignee']?.source).toBe('heuristic');
    expect(g['int_task_assignee']?.confidence).toBeLessThanOrEqual(NAMING_CONFIDENCE.entityKey);
  });

  it('a join to a raw table on a column that does not name its entity may fan out: nothing inherited', async () => {
    // proves: the guessed key is only the entity's id; joining on another column blocks the carry
    const g = await grains({
      'models/int_task_assignee.sql': `select t.task_id, u.user_name from {{ ref('stg_asana__task') }} t
left join {{ ref('stg_asana__user') }} u on t.assignee_email = u.email`,
    });
    // nothing carried from the raw table; only the weakest fallback, the leading id of rows joined to others
    expect(g['int_task_assignee']?.detail ?? '').not.toMatch(/inherited/);
    expect(g['int_task_assignee']?.confidence ?? 0).toBeLessThanOrEqual(FALLBACK_CONFIDENCE.leadingIdJoined);
  });

  it('a raw source\'s bare id is its key, renamed by the staging model over it', async () => {
    // proves: `id` of a table the repo does not build is a (weak) key, carried under its new name
    const g = await grains({
      'models/stg_project.sql': `select id as project_identifier, name as project_name from {{ source('asana', 'project') }}`,
      'models/sources.yml': `version: 2\nsources:\n  - name: asana\n    tables:\n      - name: project\n`,
    });
    expect(g['stg_project']?.columns).toEqual(['project_identifier']);
    expect(g['stg_project']?.confidence).toBeLessThanOrEqual(NAMING_CONFIDENCE.rawId);
    // the guess is carried, not recorded on the source, where foreign keys would be inferred toward it
    expect(Object.keys(g)).toContain('asana.project');
    expect(g['asana.project']).toBeNull();
  });

  it('a model\'s own bare id is not guessed as its key: only raw tables key rows by id', async () => {
    // proves: the id rule is limited to tables the repo does not compute
    const g = await grains({
      'models/stg_project.sql': `select id, name from {{ source('asana', 'project') }} where name is not null`,
      'models/project_names.sql': `select name, id from {{ ref('stg_project') }} union all select 'none', null`,
    });
    expect(g['project_names']).toBeNull();
  });

  it('a GROUP BY of a raw table\'s entity id and its attributes is one row per that id', async () => {
    // proves: asana__tag (`group by tag_id, tag_name, created_at` over stg_asana__tag) drops the attributes
    // that depend on the raw table's guessed key, at the confidence of a guessed key
    const g = await grains({
      'models/asana__tag.sql': `with asana_tag as (select * from {{ ref('stg_asana__tag') }})
select asana_tag.tag_id, asana_tag.tag_name, asana_tag.created_at, count(*) as n from asana_tag group by 1, 2, 3`,
    });
    expect(g['asana__tag']?.columns).toEqual(['tag_id']);
    expect(g['asana__tag']?.confidence).toBeLessThanOrEqual(DEPENDENT_CAP.guessed);
  });

  it('a naming guess carried through * that names a column the table does not list yields to its own', async () => {
    // proves: stg_marketo__lead (select * over a raw table read as `id`, yaml listing lead_id) keeps lead_id
    const g = await grains({
      'models/stg_marketo__lead.sql': `select * from {{ source('marketo', 'lead') }}`,
      'models/int_leads.sql': `select id, email from {{ source('marketo', 'lead') }}`,
      'models/sources.yml': `version: 2\nsources:\n  - name: marketo\n    tables:\n      - name: lead\n`,
      'models/schema.yml': `version: 2\nmodels:\n  - name: stg_marketo__lead\n    columns:\n      - name: lead_id\n      - name: email\n`,
    });
    expect(g['stg_marketo__lead']?.columns).toEqual(['lead_id']);
  });
});

