/**
 * Loss Lab's command ids, panel view type and start-up marker: plain constants, shared by the
 * activation entry (src/extension.ts, which must stay light) and the host bundle behind it (src/host.ts);
 * below every part that uses them, so that the panel never imports from commands/.
 */
export const OPEN_LAB_COMMAND = 'lossLab.open';
export const PREVIEW_CSV_COMMAND = 'lossLab.previewCsv';
export const INSERT_SNIPPET_COMMAND = 'lossLab.insertSnippet';
/** "Loss Lab: Check Loss Implementation" (issue #11); the CodeLens passes {uri, symbol}. */
export const CHECK_LOSS_COMMAND = 'lossLab.checkLoss';
/** A hook for the integration tests, deliberately not contributed in package.json (see commands/test-state.ts). */
export const TEST_STATE_COMMAND = 'lossLab._testState';
export const LAB_COMMANDS = [OPEN_LAB_COMMAND, PREVIEW_CSV_COMMAND, INSERT_SNIPPET_COMMAND, CHECK_LOSS_COMMAND, TEST_STATE_COMMAND] as const;
export type LabCommand = (typeof LAB_COMMANDS)[number];

export const VIEW_TYPE = 'lossLab.panel';

/** A workspace folder holding this file opens the lab on start (the bundled samples/ does, for npm start). */
export const OPEN_ON_START_MARKER = '.loss-lab-open-on-start';
