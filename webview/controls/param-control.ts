/** Picks the control for a hyperparameter from its catalog kind. */
import type { CatalogParam } from '../../src/shared/catalog';
import type { ParamValueData } from '../../src/shared/state';
import { booleanControl, enumControl } from './choice-controls';
import type { OnParamChange, ParamControl } from './field';
import { listControl } from './list-control';
import { numberControl } from './number-control';

export function paramControl(p: CatalogParam, value: ParamValueData, onChange: OnParamChange): ParamControl {
  switch (p.kind) {
    case 'number':
    case 'integer':
      return numberControl(p, value, onChange);
    case 'boolean':
      return booleanControl(p, value, onChange);
    case 'enum':
      return enumControl(p, value, onChange);
    case 'numberList':
      return listControl(p, value, onChange);
  }
}
