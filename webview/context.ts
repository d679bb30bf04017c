/**
 * What every view needs from the app: the host connection, the state store, the catalog, the
 * current palette, and a few shared actions. Views get this instead of reaching for globals.
 */
import type { Catalog, CatalogLoss, ErrorData } from '../src/shared/protocol';
import type { HostApi } from './api';
import type { XYChart } from './charts/xy-chart';
import type { StateStore } from './state';
import type { Palette } from './theme';

export interface LabContext {
  readonly api: HostApi;
  readonly store: StateStore;
  readonly catalog: Catalog;
  lossById(id: string): CatalogLoss | undefined;
  /** The selected loss (always one of the catalog's). */
  currentLoss(): CatalogLoss;
  palette(): Palette;
  /** Sends a chart as PNG to the host's save dialog. */
  exportChart(chart: XYChart, suggestedName: string): void;
  /** A short status line ("Copied", "Saved to …"), or an error. */
  status(text: string | ErrorData): void;
  /** An error reply that names a hyperparameter (param_error, class weights against the data) is shown at its control too. */
  hostRefused(e: ErrorData): void;
  /** The framework row (Frameworks view) whose curves are drawn over the current loss's, or null. */
  overlay(): string | null;
}
