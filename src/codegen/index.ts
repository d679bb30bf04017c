/** Code generation for PyTorch, Keras 3, JAX/optax and TensorFlow.js, driven by the registry. */
export { CodegenError, FRAMEWORK_LABELS, generateCode, generateFor, generateObjective, hasLossCode, OBJECTIVE_LABELS } from './generate';
export { CONVENTIONS, FRAMEWORKS, OBJECTIVE_FRAMEWORKS } from '../engine/templates/template-types';
export type { CodeTemplates, Convention, Framework, ObjectiveFramework, GenerateOptions, LossCode, TemplateContext } from '../engine/templates/template-types';
