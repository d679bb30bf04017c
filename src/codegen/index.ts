/** Code generation for PyTorch, Keras 3, JAX/optax and TensorFlow.js, driven by the registry. */
export { CodegenError, FRAMEWORK_LABELS, generateCode, generateFor } from './generate';
export { CONVENTIONS, FRAMEWORKS } from '../engine/templates/template-types';
export type { CodeTemplates, Convention, Framework, GenerateOptions, LossCode, TemplateContext } from '../engine/templates/template-types';
