import { OUTSIDE_THE_TABLE, SETTINGS, type SettingName } from './settings.js';

const WHERE = {
  run: 'run input',
  command: 'command',
  worker: 'worker-local',
} as const;

const shown = (v: unknown): string => (v === undefined ? 'unset' : `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``);

/**
 * docs/configuration.md's table, rendered from SETTINGS so the two cannot drift
 * (test/config/settings-table.test.ts compares them).
 */
export function settingsTable(): string {
  const rows = (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const s = SETTINGS[name];
    const flag = 'flag' in s ? `\`${s.flag}\`` : '';
    return `| \`${name}\` | ${flag} | \`${s.env}\` | ${shown(s.default)} | ${WHERE[s.scope]} | ${s.what} |`;
  });
  const outside = OUTSIDE_THE_TABLE.map((o) => `| | | \`${o.env}\` | unset | outside | ${o.what} |`);
  return ['| setting | flag | environment | default | goes to | meaning |', '| --- | --- | --- | --- | --- | --- |', ...rows, ...outside].join('\n');
}
