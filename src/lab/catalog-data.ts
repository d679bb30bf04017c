/**
 * The registry as plain data for the webview's `init` (no vscode import: the Chromium harness in
 * test/webview builds its scripted `init` with this too). JSON has no Infinity, so unbounded
 * ranges are null, and every numeric control gets a finite slider range (`paramRange`).
 */
import { curveKindOf, variableLabel } from './curves/kind';
import { paramRange } from './param-range';
import { LOSSES } from '../engine/registry';
import type { LossSpec, ParamSpec } from '../engine/spec';
import { conventionText, FAMILIES } from '../engine/spec';
import { OBJECTIVE_FRAMEWORKS } from '../engine/templates/template-types';
import type { Catalog, CatalogLoss, CatalogParam, FamilyId } from '../shared/catalog';

const FAMILY_TITLES: Readonly<Record<FamilyId, string>> = {
  regression: 'Regression',
  classification: 'Classification',
  ranking: 'Ranking',
  similarity: 'Similarity (metric learning)',
};

const bound = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * A parameter's catalog entry: its constraints as data (the engine's rule in src/engine/params.ts:
 * every number finite, bounds, integers, choices, a set list non-empty), so the webview checks a
 * value with the generic src/shared/param-rule.ts and agrees with the engine (proved by
 * test/unit/lab/param-rule.test.ts over the whole registry).
 */
export function catalogParam(p: ParamSpec): CatalogParam {
  switch (p.kind) {
    case 'number':
      return {
        name: p.name,
        doc: p.doc,
        kind: 'number',
        default: p.default,
        min: bound(p.min),
        max: bound(p.max),
        minExclusive: p.minExclusive ?? false,
        maxExclusive: p.maxExclusive ?? false,
        finite: true,
        ui: paramRange(p),
        sweep: p.sweep ?? false,
      };
    case 'integer':
      return {
        name: p.name,
        doc: p.doc,
        kind: 'integer',
        default: p.default,
        min: bound(p.min),
        max: bound(p.max),
        nullable: p.nullable ?? false,
        finite: true,
        ui: paramRange(p),
        sweep: p.sweep ?? false,
      };
    case 'boolean':
      return { name: p.name, doc: p.doc, kind: 'boolean', default: p.default };
    case 'enum':
      return { name: p.name, doc: p.doc, kind: 'enum', default: p.default, options: [...p.options] };
    case 'numberList':
      return { name: p.name, doc: p.doc, kind: 'numberList', default: p.default ? [...p.default] : null, min: bound(p.min), max: bound(p.max), finite: true, minLength: 1 };
  }
}

export function catalogLoss(spec: LossSpec): CatalogLoss {
  const kind = curveKindOf(spec) ?? 'regression';
  return {
    id: spec.id,
    family: spec.family,
    title: spec.title,
    doc: spec.doc,
    formula: spec.formula,
    tex: spec.tex,
    reference: spec.reference,
    convention: conventionText(spec),
    roles: spec.roles.map((r) => ({
      name: r.name,
      columns: r.columns,
      domain: r.domain,
      differentiable: r.differentiable,
      optional: r.optional ?? false,
      sampleWeight: r.sampleWeight ?? false,
      aliases: [...r.aliases],
      doc: r.doc,
    })),
    params: spec.params.map(catalogParam),
    reductions: [...spec.reductions],
    defaultReduction: spec.defaultReduction,
    unit: spec.unit,
    objectives: OBJECTIVE_FRAMEWORKS.filter((f) => spec.code?.[f] !== undefined),
    view: { kind, variable: variableLabel(spec) },
  };
}

/** The whole catalog, families in their fixed order, losses in registry order. */
export function catalogData(losses: readonly LossSpec[] = LOSSES): Catalog {
  return {
    families: FAMILIES.map((family) => ({
      family,
      title: FAMILY_TITLES[family],
      losses: losses.filter((l) => l.family === family).map((l) => l.id),
    })).filter((f) => f.losses.length > 0),
    losses: losses.map(catalogLoss),
  };
}
