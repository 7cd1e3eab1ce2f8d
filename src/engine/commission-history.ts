import { z } from 'zod';
import type { CommissionEntry } from '../domain/commission.js';
import type { CamundaClient } from './camunda.js';

const USER_TASK = 'UserTask_CommissionDecision';

const HistoricTask = z.object({ id: z.string(), processInstanceId: z.string(), deleteReason: z.string().nullable() });
const Operation = z.object({ userId: z.string().nullable(), operationId: z.string(), operationType: z.string() });
const VariableUpdate = z.object({ variableName: z.string(), value: z.unknown(), revision: z.number() });

/** What a person submitted when completing the commission's task, and who they were, as the engine recorded it. */
export interface CommissionSubmission {
  taskId: string;
  /** The engine user whose request completed the task (its user operation log), null when none was signed in. */
  completedBy: string | null;
  entry: CommissionEntry;
}

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

/**
 * Step 4's decision from the engine's history of the commission's user task, not from the instance's
 * variables (which a technical user may write): the last completion of that task, the user whose request
 * completed it (the user operation log), and the variables that very request submitted (their history
 * details carry the operation's id). Null while the task has never been completed.
 */
export async function commissionSubmission(
  engine: CamundaClient,
  processInstanceId: string,
): Promise<CommissionSubmission | null> {
  const tasks = z
    .array(HistoricTask)
    .parse(
      await engine.request(
        'GET',
        `/history/task?${q({ processInstanceId, taskDefinitionKey: USER_TASK, finished: 'true', sortBy: 'endTime', sortOrder: 'desc', maxResults: '1' })}`,
      ),
    );
  const task = tasks[0];
  if (!task || task.deleteReason !== 'completed') return null;
  const operations = z
    .array(Operation)
    .parse(await engine.request('GET', `/history/user-operation?${q({ taskId: task.id, operationType: 'Complete' })}`));
  const completion = operations[0];
  if (!completion) return { taskId: task.id, completedBy: null, entry: {} };
  const updates = z
    .array(VariableUpdate)
    .parse(
      await engine.request(
        'GET',
        `/history/detail?${q({ processInstanceId: task.processInstanceId, userOperationId: completion.operationId, variableUpdates: 'true', deserializeValues: 'false' })}`,
      ),
    );
  const value = (name: string) =>
    updates.filter((u) => u.variableName === name).sort((a, b) => b.revision - a.revision)[0]?.value;
  return {
    taskId: task.id,
    completedBy: completion.userId,
    entry: {
      outcome: value('commissionOutcome'),
      amount: value('commissionAmount'),
      ground: value('commissionGround'),
      amountReason: value('amountReason'),
      minutesNumber: value('minutesNumber'),
      minutesDate: value('minutesDate'),
    },
  };
}
