/** Code generation for PyTorch, Keras 3, JAX/optax and TensorFlow.js, driven by the registry. */
export { CodegenError, FRAMEWORK_LABELS, generateCode, generateFor } from './generate';
export { FRAMEWORKS } from '../engine/templates/template-types';
export type { CodeTemplates, Framework, GenerateOptions, LossCode, TemplateContext } from '../engine/templates/template-types';
