import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadPeople } from '../../src/config.js';
import { API_USER, engineIdentity, Resource, WORKER_USER, type Grant } from '../../src/domain/roles.js';
import { ROOT } from '../../src/paths.js';

const people = loadPeople(join(ROOT, 'config', 'people.yaml'));
const identity = engineIdentity(people, 'housing-assistance');
const grantsOf = (principal: string) =>
  identity.grants.filter((g) => ('userId' in g.principal ? g.principal.userId : g.principal.groupId) === principal);
const permissions = (grants: Grant[]) =>
  grants.flatMap((g) => g.permissions.map((p) => `${g.resourceType}:${g.resourceId}:${p}`)).sort();

describe('who may do what in the engine (config/people.yaml)', () => {
  it('makes every person of the file a user in the group of their role and district', () => {
    const user = (id: string) => identity.users.find((u) => u.id === id);
    expect(user('BOS-C01')?.groups).toEqual(['commission-bostandyk']);
    expect(user('BOS-H01')?.groups).toEqual(['heads-bostandyk']);
    expect(user('ALM-S02')?.groups).toEqual(['specialists-almaly']);
    expect(user('OPS-01')?.groups).toEqual(['operators']);
    expect(user('ANL-01')?.groups).toEqual(['analysts']);
    const codes = [
      ...Object.values(people.districts).flatMap((d) => [d.head, ...d.specialists, ...d.commission]),
      ...people.operators,
      ...people.analysts,
    ];
    expect(identity.users.map((u) => u.id).sort()).toEqual([...codes, WORKER_USER, API_USER].sort());
  });

  it('gives the worker only its process’s external tasks and variables', () => {
    // With specific variable permissions on, reading variables and the commission task's history needs its own grants.
    expect(permissions(grantsOf(WORKER_USER))).toEqual([
      '6:housing-assistance:READ',
      '6:housing-assistance:READ_HISTORY',
      '6:housing-assistance:READ_HISTORY_VARIABLE',
      '6:housing-assistance:READ_INSTANCE',
      '6:housing-assistance:READ_INSTANCE_VARIABLE',
      '6:housing-assistance:UPDATE_INSTANCE',
    ]);
  });

  it('gives the API starting, correlating and history, but not the instance reads that fetching tasks needs', () => {
    const api = permissions(grantsOf(API_USER));
    expect(api).toEqual([
      '6:housing-assistance:CREATE_INSTANCE',
      '6:housing-assistance:READ',
      '6:housing-assistance:READ_HISTORY',
      '6:housing-assistance:UPDATE_INSTANCE',
      '8:*:CREATE',
    ]);
    expect(api.some((p) => p.endsWith(':READ_INSTANCE'))).toBe(false);
  });

  it('lets no technical user or member of staff deploy, administer identities, or delete', () => {
    for (const g of identity.grants) {
      const who = 'userId' in g.principal ? g.principal.userId : g.principal.groupId;
      if (who !== 'analysts')
        expect({ who, deploys: g.resourceType === Resource.deployment && g.permissions.includes('CREATE') }).toEqual({
          who,
          deploys: false,
        });
      expect({ who, all: g.permissions.some((p) => p === 'ALL' || p.startsWith('DELETE')) }).toEqual({
        who,
        all: false,
      });
      expect([1, 2, 3, 4]).not.toContain(g.resourceType);
    }
  });

  it('gives analysts no variable of an application: not the running ones, not their history (the case sheets)', () => {
    const analysts = permissions(grantsOf('analysts'));
    expect(analysts.filter((p) => p.includes('VARIABLE'))).toEqual([]);
    // What the checks read is still there.
    expect(analysts).toEqual(expect.arrayContaining(['6:*:READ_INSTANCE', '6:*:READ_HISTORY']));
  });

  it('gives analysts no deployment and no migration: a new version can route around the commission', () => {
    const analysts = permissions(grantsOf('analysts'));
    expect(analysts.filter((p) => /CREATE|MIGRATE|UPDATE|DELETE/.test(p))).toEqual([]);
  });

  it("grants a district's commission Tasklist, not another district's tasks (the engine grants each task to its candidate group)", () => {
    const commission = grantsOf('commission-bostandyk');
    expect(permissions(commission)).toEqual(['0:tasklist:ACCESS', '5:*:READ', '6:housing-assistance:READ']);
    expect(commission.some((g) => g.resourceType === Resource.task)).toBe(false);
  });
});
