/**
 * The code view beside the charts: the host-generated code for the current loss, hyperparameters
 * and framework, syntax-highlighted (DOM spans built from tokens, never markup), with "Insert into
 * editor" and "Copy". Follows the controls like the charts do, dropping stale code.
 */
import { FRAMEWORK_IDS, type CatalogLoss, type CodeFrameworkId, type CodeResult, type ErrorData, type FrameworkId, type ObjectiveFrameworkId } from '../../src/shared/protocol';
import type { LabContext } from '../context';
import { el, uid } from '../dom';
import { tokenize, type CodeLanguage } from '../highlight';
import { LiveChannel } from '../live-channel';
import { parseResult } from '../../src/shared/results';
import { Notice } from './notice';

const FRAMEWORK_LABELS: Readonly<Record<FrameworkId, string>> = {
  pytorch: 'PyTorch',
  keras: 'TensorFlow / Keras 3',
  jax: 'JAX / optax',
  tfjs: 'TensorFlow.js',
};
/** Training objectives, offered only for a loss whose spec has one (catalog `objectives`). */
const OBJECTIVE_LABELS: Readonly<Record<ObjectiveFrameworkId, string>> = {
  lightgbm: 'LightGBM objective',
};
const isLossFramework = (f: string): f is FrameworkId => (FRAMEWORK_IDS as readonly string[]).includes(f);

export function renderCode(target: HTMLElement, code: string, language: string): void {
  const lang: CodeLanguage = language === 'python' ? 'python' : 'typescript';
  const frag = document.createDocumentFragment();
  for (const t of tokenize(code, lang)) {
    if (t.kind === 'text') {
      frag.append(t.text);
    } else {
      const span = document.createElement('span');
      span.className = `tok-${t.kind}`;
      span.textContent = t.text;
      frag.append(span);
    }
  }
  target.replaceChildren(frag);
}

export class CodeView {
  readonly element: HTMLElement;
  private readonly framework: HTMLSelectElement;
  /** Loss Lab's convention, or the framework's own built-in with its defaults (issue #15). */
  private readonly convention: HTMLSelectElement;
  private readonly code = el('code', { class: 'code', 'data-testid': 'snippet-code' });
  private readonly notice = new Notice('snippet-error');
  private readonly insert: HTMLButtonElement;
  private readonly copy: HTMLButtonElement;
  private readonly channel: LiveChannel<'code'>;
  private shown: CodeResult | null = null;
  private available = true;

  /** The objective options shown now (they follow the current loss). */
  private objectiveOptions: HTMLOptionElement[] = [];

  constructor(private readonly ctx: LabContext, private readonly defaultFramework: FrameworkId) {
    const selectId = uid('framework');
    this.framework = el('select', { id: selectId, 'data-testid': 'snippet-framework' });
    for (const f of FRAMEWORK_IDS) this.framework.append(el('option', { value: f }, FRAMEWORK_LABELS[f]));
    this.framework.value = ctx.store.get().framework ?? defaultFramework;
    this.framework.addEventListener('change', () => {
      // an objective is the current loss's own choice: the saved framework stays the loss framework
      const f = this.framework.value;
      if (isLossFramework(f)) ctx.store.update({ framework: f });
      this.refresh();
    });
    const conventionId = uid('convention');
    this.convention = el('select', { id: conventionId, 'data-testid': 'snippet-convention', title: 'Loss Lab\'s convention, or the framework\'s built-in with its own defaults' });
    this.convention.append(el('option', { value: 'loss-lab' }, 'Loss Lab\'s convention'), el('option', { value: 'builtin' }, 'Built-in, its defaults'));
    this.convention.addEventListener('change', () => this.refresh());
    this.insert = el('button', { type: 'button', 'data-testid': 'snippet-insert' }, 'Insert into editor');
    this.copy = el('button', { type: 'button', class: 'secondary', 'data-testid': 'snippet-copy' }, 'Copy');
    this.insert.addEventListener('click', () => void this.insertIntoEditor());
    this.copy.addEventListener('click', () => void this.copyCode());
    // The code channel has no seq on the wire: order replies by the channel's own request order.
    this.channel = new LiveChannel<'code'>(ctx.api, { show: (r) => this.show(r), fail: (e) => this.fail(e) }, () => undefined, 1);
    this.element = el(
      'section',
      { class: 'code-view', 'data-testid': 'snippet-view', 'aria-label': 'Generated code' },
      el('div', { class: 'code-head' },
        el('h3', { class: 'section-title' }, 'Code'),
        el('label', { for: selectId, class: 'visually-hidden' }, 'Framework'),
        this.framework,
        el('label', { for: conventionId, class: 'visually-hidden' }, 'Convention'),
        this.convention),
      this.notice.element,
      el('pre', { class: 'code-block', tabindex: '0', 'aria-label': 'Generated code' }, this.code),
      el('div', { class: 'button-row' }, this.insert, this.copy),
    );
  }

  setAvailable(available: boolean): void {
    this.available = available;
    if (!available) {
      this.notice.info('Code generation is not available in this build.');
      this.code.replaceChildren();
    }
    this.insert.disabled = !available;
    this.copy.disabled = !available;
  }

  setFramework(f: FrameworkId): void {
    this.framework.value = f;
    this.convention.disabled = false;
  }

  /** Offers the current loss's objectives (from its spec); a loss without the one picked falls back. */
  private syncObjectives(loss: CatalogLoss): void {
    const want = loss.objectives ?? [];
    const have = this.objectiveOptions.map((o) => o.value);
    if (want.length !== have.length || want.some((f, i) => f !== have[i])) {
      for (const o of this.objectiveOptions) o.remove();
      this.objectiveOptions = want.map((f) => el('option', { value: f, 'data-objective': 'true' }, OBJECTIVE_LABELS[f]));
      this.framework.append(...this.objectiveOptions);
    }
    if (!isLossFramework(this.framework.value) && !(want as readonly string[]).includes(this.framework.value)) {
      this.framework.value = this.ctx.store.get().framework ?? this.defaultFramework;
    }
    // an objective reproduces the built-in objective: no convention to choose
    this.convention.disabled = !isLossFramework(this.framework.value);
  }

  refresh(): void {
    if (!this.available) return;
    const loss = this.ctx.currentLoss();
    this.syncObjectives(loss);
    const params = this.ctx.store.paramsFor(loss);
    const framework = this.framework.value as CodeFrameworkId;
    const reduction = this.ctx.store.get().reduction;
    const convention = this.convention.value === 'builtin' ? ('builtin' as const) : undefined;
    this.channel.ask(() => ({ type: 'code', loss: loss.id, params, framework, reduction, ...(convention ? { convention } : {}) }));
  }

  private show(raw: unknown): void {
    if (!this.available) return;
    const parsed = parseResult('code', raw);
    if (!parsed.ok) {
      this.fail({ code: 'internal', message: `the host sent code in an unexpected shape (${parsed.message})` });
      return;
    }
    const r = parsed.result;
    this.shown = r;
    this.notice.clear();
    renderCode(this.code, r.code, r.language);
    this.element.dataset['language'] = r.language;
  }

  private fail(e: ErrorData): void {
    this.notice.error(e);
    this.ctx.hostRefused(e);
  }

  private async copyCode(): Promise<void> {
    if (!this.shown) return;
    const { reply } = this.ctx.api.request({ type: 'copyText', text: this.shown.code });
    const r = await reply;
    this.ctx.status(r.ok ? 'Code copied to the clipboard.' : r.error);
  }

  private async insertIntoEditor(): Promise<void> {
    const loss = this.ctx.currentLoss();
    const { reply } = this.ctx.api.request({
      type: 'insertCode',
      loss: loss.id,
      params: this.ctx.store.paramsFor(loss),
      framework: this.framework.value as CodeFrameworkId,
      reduction: this.ctx.store.get().reduction,
      ...(this.convention.value === 'builtin' ? { convention: 'builtin' as const } : {}),
    });
    const r = await reply;
    // The host says what went where ("PyTorch code for focal into train.py").
    this.ctx.status(r.ok ? `Inserted ${r.result.inserted}.` : r.error);
  }
}
