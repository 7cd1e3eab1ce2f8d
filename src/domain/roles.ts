import { DISTRICTS, type District } from './districts.js';

/** The people of config/people.yaml: staff codes per district and role (§8), and operations staff. */
export interface People {
  districts: Record<District, { head: string; specialists: string[]; commission: string[] }>;
  operators: string[];
  analysts: string[];
}

/** The technical users our daemons act as; each has only what its role needs. */
export const WORKER_USER = 'worker';
export const API_USER = 'api';
/** The engine's administrator in development (compose and production set CAMUNDA_ADMIN_USER). */
export const ADMIN_USER = 'admin';

/** Groups of the engine that the identity step owns; others (camunda-admin) it leaves alone. */
export const MANAGED_GROUP_TYPE = 'housing-assistance';

export type DistrictRole = 'specialists' | 'heads' | 'commission';
export const districtGroup = (role: DistrictRole, district: string) => `${role}-${district}`;

/** Camunda 7 resource types (org.camunda.bpm.engine.authorization.Resources). */
export const Resource = {
  application: 0,
  filter: 5,
  processDefinition: 6,
  task: 7,
  processInstance: 8,
  deployment: 9,
  decisionDefinition: 10,
  batch: 13,
} as const;

export type Principal = { userId: string } | { groupId: string };

export interface Grant {
  principal: Principal;
  resourceType: number;
  resourceId: string;
  permissions: string[];
}

export interface EngineUser {
  id: string;
  firstName: string;
  lastName: string;
  groups: string[];
}

export interface EngineIdentity {
  users: EngineUser[];
  groups: Array<{ id: string; name: string }>;
  grants: Grant[];
}

const user = (userId: string): Principal => ({ userId });
const group = (groupId: string): Principal => ({ groupId });

/**
 * Who may do what in the engine, least privilege per role:
 * - worker: fetch, lock, extend, complete and fail this process's external tasks, read their variables,
 *   and read the history of the commission's task (step 4's decision and who took it);
 * - api: start this process by its messages, correlate the hand-over, read its history — it cannot
 *   fetch external tasks (no READ_INSTANCE), so it cannot lock or complete one;
 * - operators: Cockpit, read everything, retry incidents (engine/…/TechnicalUsersGuard.java refuses
 *   them variable writes, modification, messages, job runs and suspension despite UPDATE_INSTANCE);
 * - analysts: Cockpit, the deployments and the counts of running instances per element, no variables.
 *   They check a diagram (npm run check:bpmn) but do not deploy or migrate: a new version can change the
 *   path past the commission, so the administrator deploys (npm run deploy / amend) after review, and
 *   engine/…/DeploymentGuard.java refuses code in any diagram but the administrator's;
 * - district staff: Tasklist; a commission sees and works only the tasks of its own district, which
 *   the engine grants to a task's candidate group when the task is created (TASK_WORK, not UPDATE).
 * Variables need permissions of their own (enforceSpecificVariablePermission): each is granted above.
 */
export function engineIdentity(people: People, processKey: string): EngineIdentity {
  const users: EngineUser[] = [
    { id: WORKER_USER, firstName: 'Worker', lastName: 'daemons', groups: [] },
    { id: API_USER, firstName: 'API', lastName: 'service', groups: [] },
  ];
  const groups: EngineIdentity['groups'] = [];
  const staffGroups: string[] = [];
  for (const [district, staff] of Object.entries(people.districts) as Array<
    [District, People['districts'][District]]
  >) {
    const where = DISTRICTS[district].ru;
    const roles: Array<[DistrictRole, string, string[]]> = [
      ['specialists', `Responsible specialists, ${where}`, staff.specialists],
      ['heads', `Head of the department, ${where}`, [staff.head]],
      ['commission', `Housing assistance commission, ${where}`, staff.commission],
    ];
    for (const [role, name, members] of roles) {
      const id = districtGroup(role, district);
      groups.push({ id, name });
      staffGroups.push(id);
      for (const code of members) users.push({ id: code, firstName: name, lastName: code, groups: [id] });
    }
  }
  groups.push({ id: 'operators', name: 'Operations (Cockpit)' }, { id: 'analysts', name: 'Process analysts' });
  for (const code of people.operators)
    users.push({ id: code, firstName: 'Operator', lastName: code, groups: ['operators'] });
  for (const code of people.analysts)
    users.push({ id: code, firstName: 'Process analyst', lastName: code, groups: ['analysts'] });

  const grants: Grant[] = [
    {
      principal: user(WORKER_USER),
      resourceType: Resource.processDefinition,
      resourceId: processKey,
      // READ_INSTANCE_VARIABLE: the variables a step reads; READ_HISTORY(_VARIABLE): step 4's decision
      // and who completed the commission's task, from the engine's history of that task.
      permissions: [
        'READ',
        'READ_INSTANCE',
        'UPDATE_INSTANCE',
        'READ_INSTANCE_VARIABLE',
        'READ_HISTORY',
        'READ_HISTORY_VARIABLE',
      ],
    },
    {
      principal: user(API_USER),
      resourceType: Resource.processDefinition,
      resourceId: processKey,
      permissions: ['READ', 'CREATE_INSTANCE', 'UPDATE_INSTANCE', 'READ_HISTORY'],
    },
    { principal: user(API_USER), resourceType: Resource.processInstance, resourceId: '*', permissions: ['CREATE'] },
    {
      principal: group('operators'),
      resourceType: Resource.application,
      resourceId: 'cockpit',
      permissions: ['ACCESS'],
    },
    {
      principal: group('operators'),
      resourceType: Resource.processDefinition,
      resourceId: '*',
      permissions: [
        'READ',
        'READ_INSTANCE',
        'UPDATE_INSTANCE',
        'RETRY_JOB',
        'READ_HISTORY',
        'READ_TASK',
        'READ_INSTANCE_VARIABLE',
        'READ_HISTORY_VARIABLE',
      ],
    },
    {
      principal: group('operators'),
      resourceType: Resource.processInstance,
      resourceId: '*',
      permissions: ['READ', 'UPDATE', 'RETRY_JOB'],
    },
    { principal: group('operators'), resourceType: Resource.deployment, resourceId: '*', permissions: ['READ'] },
    {
      principal: group('operators'),
      resourceType: Resource.decisionDefinition,
      resourceId: '*',
      permissions: ['READ'],
    },
    {
      principal: group('operators'),
      resourceType: Resource.task,
      resourceId: '*',
      permissions: ['READ', 'READ_VARIABLE'],
    },
    {
      principal: group('analysts'),
      resourceType: Resource.application,
      resourceId: 'cockpit',
      permissions: ['ACCESS'],
    },
    {
      principal: group('analysts'),
      resourceType: Resource.deployment,
      resourceId: '*',
      permissions: ['READ'],
    },
    // READ_INSTANCE: check:bpmn counts the running instances a changed diagram would strand. No variables:
    // neither the checks nor npm run amend read any, and they are the applicants' case sheets.
    {
      principal: group('analysts'),
      resourceType: Resource.processDefinition,
      resourceId: '*',
      permissions: ['READ', 'READ_INSTANCE', 'READ_HISTORY'],
    },
    ...staffGroups.flatMap((id): Grant[] => [
      { principal: group(id), resourceType: Resource.application, resourceId: 'tasklist', permissions: ['ACCESS'] },
      { principal: group(id), resourceType: Resource.filter, resourceId: '*', permissions: ['READ'] },
      { principal: group(id), resourceType: Resource.processDefinition, resourceId: processKey, permissions: ['READ'] },
    ]),
  ];
  return { users, groups, grants };
}

export const principalId = (p: Principal) => ('userId' in p ? `user:${p.userId}` : `group:${p.groupId}`);
export const grantKey = (g: Pick<Grant, 'principal' | 'resourceType' | 'resourceId'>) =>
  `${principalId(g.principal)}|${g.resourceType}|${g.resourceId}`;
