import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_USER,
  engineIdentity,
  grantKey,
  MANAGED_GROUP_TYPE,
  principalId,
  Resource,
  WORKER_USER,
  type EngineIdentity,
  type Grant,
  type People,
  type Principal,
} from '../domain/roles.js';
import type { CamundaClient } from './camunda.js';

const PROCESS_KEY = 'housing-assistance';

/** A Tasklist filter every member of staff sees; the engine shows each user only the tasks granted to them. */
export const TASK_FILTER = {
  resourceType: 'Task',
  name: 'Housing assistance: my tasks',
  query: { processDefinitionKey: PROCESS_KEY },
  properties: {
    description: 'Tasks of the housing assistance service for your groups (your district)',
    priority: -10,
    refresh: true,
  },
};

interface EngineAuthorization {
  id: string;
  type: number;
  permissions: string[];
  userId: string | null;
  groupId: string | null;
  resourceType: number;
  resourceId: string;
}

/** What one run changed, by kind; all zero when the engine already matched the file. */
export interface IdentityChanges {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * The engine's task authorizations for candidate groups are the engine's own (one per task): the
 * identity step leaves them alone and manages only the grants on these resource types.
 */
const MANAGED_RESOURCES = new Set<number>(Object.values(Resource));
const isEngineOwn = (a: EngineAuthorization) => a.resourceType === Resource.task && a.resourceId !== '*';
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
const path = (id: string) => encodeURIComponent(id);

/**
 * Makes the engine's users, groups, memberships, authorizations and Tasklist filter match `identity`,
 * as an administrator. Idempotent: a second run changes nothing. Users and groups it made before and
 * that are gone from `identity` are deleted, so a person removed from the file loses access. A new
 * user's password is `passwordOf(id)`; the technical users' passwords are set to it whenever they differ,
 * people keep the one they have (they may have changed it in Tasklist).
 */
export async function syncIdentity(
  engine: CamundaClient,
  identity: EngineIdentity,
  passwordOf: (userId: string) => string,
  admin: { password: string },
  technicalUsers: readonly string[],
): Promise<IdentityChanges> {
  const changes: IdentityChanges = { created: [], updated: [], deleted: [] };
  const wanted = new Map(identity.users.map((u) => [u.id, u]));

  // Who the last run made: members of the groups it owns, and the technical users.
  const managedGroups = await engine.request<Array<{ id: string; name: string }>>(
    'GET',
    `/group?type=${MANAGED_GROUP_TYPE}&maxResults=10000`,
  );
  const managedUsers = new Set<string>(technicalUsers);
  const membersOf = new Map<string, Set<string>>();
  for (const g of managedGroups) {
    const members = await engine.request<Array<{ id: string }>>(
      'GET',
      `/user?memberOfGroup=${path(g.id)}&maxResults=10000`,
    );
    membersOf.set(g.id, new Set(members.map((m) => m.id)));
    for (const m of members) managedUsers.add(m.id);
  }

  for (const id of managedUsers) {
    if (wanted.has(id)) continue;
    await engine.request('DELETE', `/user/${path(id)}`).catch(ignoreMissing);
    changes.deleted.push(`user ${id}`);
  }
  const wantedGroups = new Set(identity.groups.map((g) => g.id));
  for (const g of managedGroups) {
    if (wantedGroups.has(g.id)) continue;
    await engine.request('DELETE', `/group/${path(g.id)}`);
    changes.deleted.push(`group ${g.id}`);
  }
  const existingGroups = new Map(managedGroups.map((g) => [g.id, g]));
  for (const g of identity.groups) {
    const existing = existingGroups.get(g.id);
    const body = { id: g.id, name: g.name, type: MANAGED_GROUP_TYPE };
    if (!existing) {
      await engine.request('POST', '/group/create', body);
      changes.created.push(`group ${g.id}`);
    } else if (existing.name !== g.name) {
      await engine.request('PUT', `/group/${path(g.id)}`, body);
      changes.updated.push(`group ${g.id}`);
    }
  }

  for (const u of identity.users) {
    const profile = { id: u.id, firstName: u.firstName, lastName: u.lastName, email: null };
    const existing = await engine
      .request<{ firstName: string; lastName: string }>('GET', `/user/${path(u.id)}/profile`)
      .catch(ignoreMissing);
    if (!existing) {
      await engine.request('POST', '/user/create', { profile, credentials: { password: passwordOf(u.id) } });
      changes.created.push(`user ${u.id}`);
    } else {
      if (existing.firstName !== u.firstName || existing.lastName !== u.lastName) {
        await engine.request('PUT', `/user/${path(u.id)}/profile`, profile);
        changes.updated.push(`user ${u.id}`);
      }
      if (technicalUsers.includes(u.id)) {
        const { authenticated } = await engine.request<{ authenticated: boolean }>('POST', '/identity/verify', {
          username: u.id,
          password: passwordOf(u.id),
        });
        if (!authenticated) {
          await engine.request('PUT', `/user/${path(u.id)}/credentials`, {
            password: passwordOf(u.id),
            authenticatedUserPassword: admin.password,
          });
          changes.updated.push(`password of ${u.id}`);
        }
      }
    }
    for (const g of identity.groups.map((x) => x.id)) {
      const isMember = membersOf.get(g)?.has(u.id) ?? false;
      const shouldBe = u.groups.includes(g);
      if (shouldBe && !isMember) {
        await engine.request('PUT', `/group/${path(g)}/members/${path(u.id)}`);
        changes.created.push(`membership ${u.id} in ${g}`);
      } else if (!shouldBe && isMember) {
        await engine.request('DELETE', `/group/${path(g)}/members/${path(u.id)}`);
        changes.deleted.push(`membership ${u.id} in ${g}`);
      }
    }
  }

  await syncGrants(engine, identity, technicalUsers, changes);

  const filters = await engine.request<Array<{ id: string }>>(
    'GET',
    `/filter?name=${encodeURIComponent(TASK_FILTER.name)}`,
  );
  if (filters.length === 0) {
    await engine.request('POST', '/filter/create', TASK_FILTER);
    changes.created.push(`filter ${TASK_FILTER.name}`);
  }
  return changes;
}

async function syncGrants(
  engine: CamundaClient,
  identity: EngineIdentity,
  technicalUsers: readonly string[],
  changes: IdentityChanges,
): Promise<void> {
  const groups = identity.groups.map((g) => g.id);
  const existing = [
    ...(await engine.request<EngineAuthorization[]>(
      'GET',
      `/authorization?type=1&userIdIn=${technicalUsers.map(path).join(',')}`,
    )),
    ...(groups.length
      ? await engine.request<EngineAuthorization[]>(
          'GET',
          `/authorization?type=1&groupIdIn=${groups.map(path).join(',')}`,
        )
      : []),
  ].filter((a) => MANAGED_RESOURCES.has(a.resourceType) && !isEngineOwn(a));
  const byKey = new Map(
    existing.map((a) => [
      grantKey({ principal: principalOf(a), resourceType: a.resourceType, resourceId: a.resourceId }),
      a,
    ]),
  );
  const wanted = new Set<string>();
  for (const grant of identity.grants) {
    const key = grantKey(grant);
    wanted.add(key);
    const found = byKey.get(key);
    const body = {
      type: 1,
      permissions: grant.permissions,
      ...grant.principal,
      resourceType: grant.resourceType,
      resourceId: grant.resourceId,
    };
    if (!found) {
      await engine.request('POST', '/authorization/create', body);
      changes.created.push(`grant ${describe(grant)}`);
    } else if (!sameSet(found.permissions, grant.permissions)) {
      await engine.request('PUT', `/authorization/${found.id}`, body);
      changes.updated.push(`grant ${describe(grant)}`);
    }
  }
  for (const [key, a] of byKey) {
    if (wanted.has(key)) continue;
    await engine.request('DELETE', `/authorization/${a.id}`);
    changes.deleted.push(`grant ${key}`);
  }
}

function principalOf(a: EngineAuthorization): Principal {
  return a.userId ? { userId: a.userId } : { groupId: a.groupId ?? '' };
}

function describe(g: Grant): string {
  return `${principalId(g.principal)} ${g.permissions.join('+')} on ${g.resourceType}:${g.resourceId}`;
}

function ignoreMissing(e: unknown): undefined {
  if ((e as { status?: number | null }).status === 404) return undefined;
  throw e;
}

/** Passwords kept one file per user id in `dir` (made by `npm run credentials`, or by operations). */
export function passwordsFromDir(dir: string): (userId: string) => string {
  return (userId) => {
    try {
      const password = readFileSync(join(dir, userId), 'utf8').trim();
      if (password) return password;
    } catch {
      /* reported below */
    }
    throw new Error(
      `no password for the engine user ${userId} in ${dir}: add the file ${join(dir, userId)} (npm run credentials makes development ones)`,
    );
  };
}

/** The identity of config/people.yaml, applied as the administrator whose password is given. */
export function applyPeople(
  engine: CamundaClient,
  people: People,
  passwordsDir: string,
  adminPassword: string,
): Promise<IdentityChanges> {
  return syncIdentity(
    engine,
    engineIdentity(people, PROCESS_KEY),
    passwordsFromDir(passwordsDir),
    { password: adminPassword },
    [WORKER_USER, API_USER],
  );
}

export function describeChanges(changes: IdentityChanges): string[] {
  const total = changes.created.length + changes.updated.length + changes.deleted.length;
  if (total === 0) return ['identity: the engine already matches config/people.yaml, nothing changed'];
  return [
    `identity: ${changes.created.length} created, ${changes.updated.length} updated, ${changes.deleted.length} deleted`,
    ...changes.deleted.map((d) => `  deleted ${d}`),
  ];
}
