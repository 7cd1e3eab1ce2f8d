import type { WorkerDefinition } from '../src/runtime/worker.js';
import cabinetAcceptance from './cabinet-acceptance.js';
import commissionDecisionCheck from './commission-decision-check.js';
import commissionDecision from './commission-decision.js';
import commissionTransfer from './commission-transfer.js';
import deadlineBreach from './deadline-breach.js';
import delivery from './delivery.js';
import documentsCheck from './documents-check.js';
import edsCheck from './eds-check.js';
import intakeCheck from './intake-check.js';
import notification from './notification.js';
import portalAuthorization from './portal-authorization.js';
import refusalReceipt from './refusal-receipt.js';
import registration from './registration.js';
import resolution from './resolution.js';
import stateData from './state-data.js';

/** Every worker, one per topic of bpmn/. */
export const WORKERS: readonly WorkerDefinition[] = [
  intakeCheck,
  refusalReceipt,
  portalAuthorization,
  edsCheck,
  documentsCheck,
  cabinetAcceptance,
  registration,
  resolution,
  stateData,
  commissionTransfer,
  commissionDecision,
  commissionDecisionCheck,
  notification,
  delivery,
  deadlineBreach,
];
