import type { Dossier } from './application.js';
import type { StepResults } from './steps.js';

/**
 * Step 1 registers only what intake accepted: at a State Corporation centre the §9 documents (A1, §11),
 * on the portal conditions 1–3 (§12). The diagram routes so; this holds when a token reaches
 * registration another way (a second instance started for the same application, a token moved by hand).
 */
export function admissionProblems(channel: Dossier['channel'], results: Partial<StepResults>): string[] {
  if (channel === 'state-corporation')
    return results.intake?.complete ? [] : ['the documents were not accepted at intake (A1, §11)'];
  return [
    ...(results.authorization?.authorized ? [] : ['condition 1 (authorization, §12) has not passed']),
    ...(results.eds?.edsValid ? [] : ['condition 2 (EDS, §12) has not passed']),
    ...(results.documents?.documentsConform ? [] : ['condition 3 (documents, §12) has not passed']),
  ];
}
