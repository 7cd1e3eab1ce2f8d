import type { z } from 'zod';
import type { recordedBreachSchema, StepResults } from './step-results.js';

export type { StepName, StepResults } from './step-results.js';

/** Appendix 3: the receipt refusing the documents (A1', §11). */
export type Receipt = StepResults['receipt'];

export type CommissionDecision = StepResults['decision'];

/** A time limit of the regulation that a timer found breached, as recorded on the application. */
export type RecordedBreach = z.infer<typeof recordedBreachSchema>;
