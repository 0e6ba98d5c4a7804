export {
  ATTRIBUTE_TYPES,
  VALIDATION_CODES,
  VALIDATION_WARNING_CODES,
  type AttributeCatalogue,
  type AttributeType,
  type ProblemParams,
  type ValidationCode,
  type ValidationContext,
  type ValidationError,
  type ValidationResult,
  type ValidationWarning,
} from './types.ts';
export { validateScenario } from './validate.ts';
export { formatValidationError } from './format.ts';
// Used by the CLI to report located errors in contact and timeline files the same way as in scenarios.
export { describeIssues, type ShapeProblem } from './issues.ts';
export { formatPath, segmentsOf, type PathSegment } from './path.ts';
