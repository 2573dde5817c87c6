#!/usr/bin/env python3
# Scores a Grainline catalog against the manifest dbt itself writes (`dbt parse`), for projects whose
# answer should not go through Grainline's own renderer: models, seeds and snapshots found (by file) and
# depends_on lineage on table names. Export the catalog with `grainline export --db DIR/db > catalog.jsonl`.
"""usage: h5-compare.py MANIFEST EXPORT.jsonl PROJECT_ROOT_IN_REPO [--misses]
dbt's manifest (dbt parse) against Grainline's catalog: nodes found by file, lineage on names."""
import json, sys
man = json.load(open(sys.argv[1])); recs = [json.loads(l) for l in open(sys.argv[2])]
root = sys.argv[3].strip('/'); show = '--misses' in sys.argv
proj = man['metadata'].get('project_name') or None
nodes = {k: v for k, v in man['nodes'].items() if v['resource_type'] in ('model', 'seed', 'snapshot')}
proj = proj or next(iter(nodes.values()))['package_name']
mine = {k: v for k, v in nodes.items() if v['package_name'] == proj}
byfile = {}
for r in recs:
    for f in r.get('files') or []: byfile.setdefault(f, r)
def path(n): return (root + '/' if root else '') + n['original_file_path']
def name(uid):
    if uid in man['nodes']: n = man['nodes'][uid]; return (n.get('alias') or n['name']).lower(), n['name'].lower()
    if uid in man['sources']: s = man['sources'][uid]; return (s.get('identifier') or s['name']).lower(), s['name'].lower()
    return uid.split('.')[-1].lower(), uid.split('.')[-1].lower()
counts = {}; tp = fp = fn = 0; missing = []; lmiss = []
for uid, n in sorted(mine.items()):
    rt = n['resource_type'] + ('/ephemeral' if n['config'].get('materialized') == 'ephemeral' else '')
    c = counts.setdefault(rt, [0, 0]); c[1] += 1
    r = byfile.get(path(n))
    if not r: missing.append(path(n)); continue
    c[0] += 1
    if n['resource_type'] == 'seed': continue
    exp = {name(d) for d in n['depends_on']['nodes'] if not d.startswith('metric.')}
    got = {u.lower().split('.')[-1] for u in r.get('upstream') or []}
    for e in exp:
        if e[0] in got or e[1] in got: tp += 1
        else: fn += 1; lmiss.append((n['name'], 'missing', e[0]))
    expn = {x for e in exp for x in e}
    for g in got:
        if g not in expn: fp += 1; lmiss.append((n['name'], 'extra', g))
dis = sum(len(v) for v in man.get('disabled', {}).values())
P = tp / (tp + fp) if tp + fp else 1; R = tp / (tp + fn) if tp + fn else 1
print(f"project {proj}: found/declared by type {counts}; disabled {dis}; catalog tables {len(recs)}")
print(f"lineage vs manifest: tp {tp} fp {fp} fn {fn} P {P:.3f} R {R:.3f} F1 {2*P*R/(P+R) if P+R else 0:.3f}")
if show:
    for m in missing[:40]: print('  not found:', m)
    for m in lmiss[:60]: print('  lineage', *m)
