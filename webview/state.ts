/**
 * The panel's persisted state (loss, hyperparameters per loss, reduction, compare pins, loaded
 * file and mapping, view, framework): kept in memory, written to `vscode.setState` (which is what
 * "Reload Window" gives back) and announced to the host, which hands it to the panel serializer.
 * Writes are batched: a dragged slider changes the state many times a second.
 */
import {
  MAX_PINNED,
  parseState,
  STATE_VERSION,
  type Catalog,
  type CatalogLoss,
  type PersistedState,
  type Pinned,
} from '../src/shared/protocol';
import type { ParamsData, ParamValueData } from '../src/shared/state';
import type { HostApi } from './api';
import type { VsCodeApi } from './vscode-api';

export type ViewName = 'curves' | 'data' | 'frameworks';
export const VIEWS: readonly ViewName[] = ['curves', 'data', 'frameworks'];

export function defaultParams(loss: CatalogLoss): ParamsData {
  const out: Record<string, ParamValueData> = {};
  for (const p of loss.params) out[p.name] = p.default;
  return out;
}

export function defaultState(catalog: Catalog): PersistedState {
  const first = catalog.families.flatMap((f) => f.losses)[0] ?? catalog.losses[0]?.id ?? '';
  const loss = catalog.losses.find((l) => l.id === first);
  return {
    version: STATE_VERSION,
    loss: first,
    params: {},
    reduction: loss?.defaultReduction ?? 'mean',
    pinned: [],
    view: 'curves',
    dataset: null,
    mapping: null,
    framework: null,
    sweepParam: null,
  };
}

/**
 * The state to start from: the host's (validated again here: the host is trusted with the
 * envelope, not the content), then defaults. A restored loss the catalog no longer has falls back
 * to the default loss; unknown parameter names are dropped.
 */
export function restoreState(catalog: Catalog, raw: unknown): { state: PersistedState; note: string | null } {
  const base = defaultState(catalog);
  const parsed = parseState(raw);
  if (!parsed.ok) return { state: base, note: parsed.reason === 'none' ? null : `saved state not restored: ${parsed.reason}` };
  const s = parsed.state;
  const known = new Map(catalog.losses.map((l) => [l.id, l]));
  const loss = known.get(s.loss);
  const params: Record<string, ParamsData> = {};
  for (const [id, values] of Object.entries(s.params)) {
    const spec = known.get(id);
    if (!spec) continue;
    params[id] = Object.fromEntries(Object.entries(values).filter(([name]) => spec.params.some((p) => p.name === name)));
  }
  return {
    state: {
      ...s,
      loss: loss ? s.loss : base.loss,
      reduction: loss && loss.reductions.includes(s.reduction) ? s.reduction : (loss ?? known.get(base.loss))?.defaultReduction ?? 'mean',
      params,
      pinned: s.pinned.filter((p) => known.has(p.loss)).slice(0, MAX_PINNED),
      view: (VIEWS as readonly string[]).includes(s.view) ? s.view : 'curves',
    },
    note: loss ? null : `saved loss ${s.loss} is not in this version's catalog`,
  };
}

export class StateStore {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private current: PersistedState,
    private readonly vscode: VsCodeApi,
    private readonly api: HostApi,
  ) {}

  get(): PersistedState {
    return this.current;
  }

  update(patch: Partial<Omit<PersistedState, 'version'>>): void {
    this.current = { ...this.current, ...patch, version: STATE_VERSION };
    this.schedule();
  }

  /** Current values for `loss`: stored ones over the catalog defaults. */
  paramsFor(loss: CatalogLoss): ParamsData {
    return { ...defaultParams(loss), ...(this.current.params[loss.id] ?? {}) };
  }

  setParam(loss: CatalogLoss, name: string, value: ParamValueData): void {
    const params = { ...this.current.params, [loss.id]: { ...(this.current.params[loss.id] ?? {}), [name]: value } };
    this.update({ params });
  }

  addPin(pin: Pinned): boolean {
    if (this.current.pinned.length >= MAX_PINNED) return false;
    this.update({ pinned: [...this.current.pinned, pin] });
    return true;
  }

  removePin(index: number): void {
    this.update({ pinned: this.current.pinned.filter((_, i) => i !== index) });
  }

  /** Writes now (also called before the page unloads). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.vscode.setState(this.current);
    this.api.notify({ type: 'state', state: this.current });
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.flush(), 150);
  }
}
