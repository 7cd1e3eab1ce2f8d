import type { Config } from '../config.js';
import type { Regulation } from '../domain/regulation.js';
import type { CamundaClient } from '../engine/camunda.js';
import type { Logger } from '../platform/logger.js';
import type { StepServices } from '../platform/services.js';
import type { Accounts } from '../store/accounts.js';
import type { Applications } from '../store/applications.js';
import type { SubmissionLimits } from '../store/submission-limits.js';
import type { Trays } from '../store/trays.js';
import type { Audit } from './audit.js';
import type { Intake } from './intake.js';

/** What the routes share, built once by createApp. */
export interface ApiContext {
  config: Config;
  engine: CamundaClient;
  intake: Intake;
  log: Logger;
  /** The same EDS check as condition 2 (§12): a person proves their IIN to register or reset a password. */
  eds: Pick<StepServices, 'checkEds'>;
  applications: Applications;
  accounts: Accounts;
  trays: Trays;
  submissions: SubmissionLimits;
  audit: Audit;
  regulation: Regulation;
  publicUrl: string;
}
