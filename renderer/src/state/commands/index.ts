// Everything the UI can ask of the backend, as plain functions over the store and the API, one file per area.
// Screens and the actions table call these; failures become toasts there, so no caller forgets one.
import { setPage, deselectAll, selectAllOnPage, setStatusHere } from './images';
import { focusSearch, go, requestImport, requestStep, toggleHelp } from './navigation';
import { evalCommands } from '../../eval/eval-commands';
import { reviewCommands } from '../../review/review-commands';
import { sequenceCommands } from '../../sequences/sequence-store';

export { boot } from './boot';
export { createProject, ensureProject } from './projects';
export { refreshLabels, refreshProject } from './open-project';
export {
  deselectAll,
  loadImages,
  neighborOf,
  onImageChanged,
  relink,
  selectAllOnPage,
  setFilter,
  setPage,
  setStatus,
  setStatusHere,
  verifyFiles,
} from './images';
export { cancelJob, dismissImportReport, importFolder } from './imports';
export { batchAction, loadBatchJobs, startBatchJob, type NewBatchJob } from './batch';
export { createLabel, deleteLabel, updateLabel } from './labels';
export { saveSettings } from './settings';
export {
  focusSearch,
  go,
  onImportRequest,
  onStepRequest,
  requestImport,
  requestStep,
  toggleHelp,
} from './navigation';

/** What the actions table binds to keys and menus (actions.ts takes it as an argument, so tests can fake it). */
export const commands = {
  go,
  toggleHelp,
  focusSearch,
  requestImport,
  requestStep,
  selectAllOnPage,
  deselectAll,
  setStatusHere,
  setPage,
  review: reviewCommands,
  evaluation: evalCommands,
  sequence: sequenceCommands,
};
export type Commands = typeof commands;
