import fc from 'fast-check';
import { it } from 'vitest';
import { diagnose } from './index.ts';
import { AT, randomCluster } from './random-cluster.test-support.ts';
it('stats', () => {
  for (const opts of [{}, { unambiguous: true, controllers: false }]) {
    const samples = fc.sample(randomCluster(opts), 200);
    const agg: Record<string, number> = {};
    let objs = 0, roots = 0, maxImpacted = 0, maxObjs = 0, maxMembers = 0;
    for (const s of samples) {
      objs += s.length; maxObjs = Math.max(maxObjs, s.length);
      const r = diagnose(s, { at: AT });
      roots += r.rootCauses.length;
      for (const rc of r.rootCauses) { agg[rc.state] = (agg[rc.state] ?? 0) + 1; maxImpacted = Math.max(maxImpacted, rc.impacted.length); maxMembers = Math.max(maxMembers, rc.members.length); if (rc.state==='cycle') agg[`cycle:${rc.ref.kind}`] = (agg[`cycle:${rc.ref.kind}`] ?? 0) + 1;}
    }
    console.log(JSON.stringify(opts), 'avg objs', objs / 200, 'max', maxObjs, 'avg roots', roots / 200, 'maxImpacted', maxImpacted, 'maxMembers', maxMembers, JSON.stringify(agg));
  }
});
