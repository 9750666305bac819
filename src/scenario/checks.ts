/**
 * The checks around the schema: sizes looked at before the schema builds anything, and the
 * cross-field rules it cannot express (the topology's in topology-issues.ts, the clients' and
 * the run's here).
 */
import type { FieldIssue } from './errors.js';
import { clientPool, selectedInstanceCount } from './instances.js';
import { getPath } from './paths.js';
import { MAX_INSTANCES, type Scenario } from './schema.js';
import { topologyIssues } from './topology-issues.js';
import { checkRanges } from './uncertain.js';
import { compile } from '../engine/distributions.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Sizes checked before the schema builds anything, so a huge count fails fast. */
export function preflight(raw: Obj): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const nets = getPath(raw, ['topology', 'networks']);
  if (!Array.isArray(nets)) return issues;
  let total = 0;
  nets.forEach((n, i) => {
    if (!isObj(n) || typeof n.instances !== 'number') return;
    if (n.instances > MAX_INSTANCES)
      issues.push({
        path: ['topology', 'networks', i, 'instances'],
        message: `${n.instances} is over the maximum of ${MAX_INSTANCES} instances`,
      });
    else if (n.instances > 0) total += n.instances;
  });
  if (issues.length === 0 && total > MAX_INSTANCES)
    issues.push({
      path: ['topology', 'networks'],
      message: `${total} instances in all, over the maximum of ${MAX_INSTANCES}`,
    });
  return issues;
}

/** Cross-field checks the schema cannot express. */
export function crossCheck(s: Scenario): FieldIssue[] {
  const issues = topologyIssues(s);
  const t = s.topology;
  const names = new Set(t.networks.map((n) => n.name));
  s.clients.forEach((c, i) => {
    c.networks?.forEach((n, j) => {
      if (!names.has(n))
        issues.push({
          path: ['clients', i, 'networks', j],
          message: `no network named "${n}" (networks: ${[...names].map((k) => `"${k}"`).join(', ')})`,
        });
    });
    const pool = clientPool(t.networks, c.networks);
    if (typeof c.instances === 'number' && c.instances > pool)
      issues.push({
        path: ['clients', i, 'instances'],
        message: `${c.instances} is more than the ${pool} instances ${c.networks ? 'on its networks' : 'in the topology'}`,
      });
    if (typeof c.instances === 'string' && c.instances !== 'all' && parseFloat(c.instances) > 100)
      issues.push({ path: ['clients', i, 'instances'], message: `${c.instances} is over 100%` });
    else if (selectedInstanceCount(c.instances, pool) === 0 && pool > 0)
      issues.push({ path: ['clients', i, 'instances'], message: `selects no instances` });
    // A mean interval of 0 would start sessions forever at one instant: the run never ends.
    if (c.kind === 'periodic' && !(compile(c.interval, { name: 'check', next: () => 0.5 }).mean > 0))
      issues.push({ path: ['clients', i, 'interval'], message: 'the mean interval must be more than 0 s' });
    if (c.kind === 'chef' && typeof c.ohai.requests !== 'number' && c.ohai.requests.max < c.ohai.requests.min)
      issues.push({
        path: ['clients', i, 'ohai', 'requests', 'max'],
        message: `${c.ohai.requests.max} is below min (${c.ohai.requests.min})`,
      });
  });
  if (typeof s.replications !== 'number' && s.replications.max < s.replications.min)
    issues.push({
      path: ['replications', 'max'],
      message: `${s.replications.max} is below min (${s.replications.min})`,
    });
  if (s.duration <= 0) issues.push({ path: ['duration'], message: 'must be more than 0' });
  issues.push(...checkRanges(s));
  return issues;
}
