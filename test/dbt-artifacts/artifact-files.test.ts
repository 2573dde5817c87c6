import { describe, expect, it } from 'vitest';
import { placeArtifacts } from '../../enrichers/dbt/artifact-files.js';

const file = (path: string, content = '') => ({ path, content, sha: path });
const make = (path: string, content: string, sha: string) => ({ path, content, sha });
const manifestOf = (project: string) => JSON.stringify({ metadata: { project_name: project }, nodes: {} });

/** Where --dbt-manifest / --dbt-catalog / --dbt-target-* land in the snapshot the dbt analysis reads. */
describe('placeArtifacts', () => {
  const repo = [
    file('dbt_project.yml', 'name: platform\n'),
    file('analytics/dbt_project.yml', 'name: analytics\n'),
    file('analytics/dbt_packages/utils/dbt_project.yml', 'name: utils\n'),
    file('analytics/target/manifest.json', manifestOf('analytics')), // committed, stale
  ];
  it("puts the manifest and catalog under the target/ of the project the manifest names, replacing a committed one", () => {
    const out = placeArtifacts(repo, { manifest: manifestOf('analytics'), catalog: '{}' }, make);
    expect(out.filter((f) => f.path === 'analytics/target/manifest.json')).toHaveLength(1);
    expect(out.find((f) => f.path === 'analytics/target/manifest.json')!.sha).not.toBe('analytics/target/manifest.json');
    expect(out.map((f) => f.path)).toContain('analytics/target/catalog.json');
  });
  it('a manifest naming no project goes to the outermost one', () => {
    expect(placeArtifacts(repo, { manifest: manifestOf('elsewhere') }, make).map((f) => f.path)).toContain('target/manifest.json');
  });
  it("gives the target flags to every project but installed packages", () => {
    const paths = placeArtifacts(repo, { target: { schema: 'prod' } }, make).map((f) => f.path).filter((p) => p.endsWith('grainline-target.json'));
    expect(paths.sort()).toEqual(['analytics/target/grainline-target.json', 'target/grainline-target.json']);
  });
  it('without a dbt project returns the snapshot itself, so the caller can say the inputs went unused', () => {
    const plain = [file('jobs/a.sql', 'select 1')];
    expect(placeArtifacts(plain, { manifest: manifestOf('x') }, make)).toBe(plain);
  });
});
